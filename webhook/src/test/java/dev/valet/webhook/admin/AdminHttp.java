package dev.valet.webhook.admin;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Calls the admin endpoint over plain HTTP on 127.0.0.1, with a bearer token or without. */
final class AdminHttp {
  /** One answer: its status, body and headers. */
  record Answer(int status, String body, java.net.http.HttpHeaders headers) {
    JsonObject json() {
      return new JsonObject(body);
    }

    Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final String base;
  private final Optional<String> token;

  AdminHttp(int port, Optional<String> token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  /** The same endpoint with another token (or none). */
  AdminHttp as(Optional<String> other) {
    return new AdminHttp(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), other);
  }

  String base() {
    return base;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  Answer post(String path) throws IOException, InterruptedException {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** A GET whose answer must be 200; returns its JSON. */
  JsonObject read(String path) throws IOException, InterruptedException {
    Answer answer = get(path);
    if (answer.status() != 200) {
      throw new AssertionError("GET " + path + ": HTTP " + answer.status() + " " + answer.body());
    }
    return answer.json();
  }

  /** A GET whose answer must be 200; returns its body. */
  String readText(String path) throws IOException, InterruptedException {
    Answer answer = get(path);
    if (answer.status() != 200) {
      throw new AssertionError("GET " + path + ": HTTP " + answer.status() + " " + answer.body());
    }
    return answer.body();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
    return builder;
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body(), response.headers());
  }
}
