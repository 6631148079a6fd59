package dev.valet.webhook.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The page at {@code /}: plain HTML, CSS and JavaScript from this origin, read once at start. The
 * files hold no data and need no token; the page asks the person for one and uses only the JSON API
 * with it.
 */
final class PageRoutes {
  private static final String DIRECTORY = "/dev/valet/webhook/admin/page/";

  private PageRoutes() {}

  static void mount(Router router) {
    serve(router, "/", "index.html", "text/html; charset=utf-8");
    serve(router, "/admin.js", "admin.js", "text/javascript; charset=utf-8");
    serve(router, "/admin.css", "admin.css", "text/css; charset=utf-8");
  }

  private static void serve(Router router, String path, String file, String contentType) {
    Buffer content = read(file);
    router
        .get(path)
        .handler(context -> context.response().putHeader("Content-Type", contentType).end(content));
  }

  private static Buffer read(String file) {
    try (InputStream in = PageRoutes.class.getResourceAsStream(DIRECTORY + file)) {
      if (in == null) {
        throw new IllegalStateException("the admin page's " + file + " is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
