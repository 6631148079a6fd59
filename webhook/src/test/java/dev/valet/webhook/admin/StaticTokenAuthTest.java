package dev.valet.webhook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outside a cluster one static token, made on first start, opens the admin endpoint; without it,
 * only the health checks and the page's static files answer.
 */
class StaticTokenAuthTest {
  private static final List<String> GUARDED =
      List.of(
          "/api/v1/pools",
          "/api/v1/pools/devnet",
          "/api/v1/keys",
          "/api/v1/leases",
          "/api/v1/events",
          "/api/v1/deposits",
          "/metrics");

  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static AdminLocalValet valet;
  private static String lease;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.create();
    valet = AdminLocalValet.start(database, dataDir, List.of(AdminLocalValet.testPool("devnet")));
    lease = valet.admit("validators", "alpha");
  }

  @AfterAll
  static void stop() {
    valet.close();
    database.close();
  }

  @Test
  void withoutATokenEveryRouteButHealthAndThePageAnswers401AndNothingElse() throws Exception {
    AdminHttp anonymous = valet.admin().as(Optional.empty());
    for (String path : GUARDED) {
      AdminHttp.Answer answer = anonymous.get(path);
      assertThat(answer.status()).as(path).isEqualTo(401);
      assertThat(answer.body())
          .isEqualTo("{\"error\":\"a bearer token is required (Authorization: Bearer <token>)\"}");
      assertThat(answer.header("WWW-Authenticate")).contains("Bearer realm=\"valet\"");
    }
    assertThat(anonymous.post("/api/v1/leases/" + lease + "/release?force=true").status())
        .isEqualTo(401);
    assertThat(valet.admin().read("/api/v1/leases/" + lease).getString("state"))
        .isEqualTo("pending");
  }

  @Test
  void aWrongTokenAnswers401WithAShortReason() throws Exception {
    AdminHttp wrong = valet.admin().as(Optional.of("not-the-token"));
    for (String path : GUARDED) {
      AdminHttp.Answer answer = wrong.get(path);
      assertThat(answer.status()).as(path).isEqualTo(401);
      assertThat(answer.body()).isEqualTo("{\"error\":\"the token is not valid\"}");
    }
  }

  @Test
  void theTokenOpensEveryRoute() throws Exception {
    AdminHttp admin = valet.admin();
    for (String path : GUARDED) {
      assertThat(admin.get(path).status()).as(path).isIn(200, 501);
    }
  }

  @Test
  void healthAndReadinessAnswerWithoutAToken() throws Exception {
    AdminHttp anonymous = valet.admin().as(Optional.empty());

    assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
    AdminHttp.Answer ready = anonymous.get("/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getJsonObject("checks").getMap())
        .containsEntry("database", "reachable")
        .containsEntry("informers", "synced")
        .containsEntry("certificate", "loaded");
  }

  @Test
  void thePageLoadsWithoutATokenUnderAStrictContentSecurityPolicy() throws Exception {
    AdminHttp anonymous = valet.admin().as(Optional.empty());

    AdminHttp.Answer page = anonymous.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.header("Content-Security-Policy"))
        .contains(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
                + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    assertThat(page.body()).doesNotContain("http://", "https://", "<script>", "style=");
    assertThat(anonymous.get("/admin.js").header("Content-Type"))
        .contains("text/javascript; charset=utf-8");
    assertThat(anonymous.get("/admin.js").body())
        .doesNotContain("http://", "https://", "innerHTML");
    assertThat(anonymous.get("/admin.css").header("Content-Type"))
        .contains("text/css; charset=utf-8");
  }

  @Test
  void localModeMakesATokenOnFirstStartReadableByItsOwnerOnly() throws Exception {
    Path file = valet.tokenFile();

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(valet.token()).matches("[0-9a-f]{64}");
  }
}
