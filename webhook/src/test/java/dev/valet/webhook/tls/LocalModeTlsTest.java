package dev.valet.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.certs.Pem;
import dev.valet.webhook.app.ValetApp;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.config.ValetConfig;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.LocalValet;
import dev.valet.webhook.testing.TestTls;
import dev.valet.webhook.testing.TlsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode serves the certificate files it is given, and makes its own only without them. */
class LocalModeTlsTest {
  @TempDir Path dataDir;

  @Test
  void givenCertificateFilesAreServedRatherThanLocalModesOwn() throws Exception {
    TestTls given = TestTls.forLoopback(dataDir.resolve("given"));
    Path masterKey = dataDir.resolve("master.key");
    MasterKey.generate(new SecureRandom()).writeNew(masterKey);
    try (TestDatabase database = TestDatabase.create();
        ValetApp app =
            ValetApp.start(
                new ValetConfig(
                    "valet-system",
                    Optional.of(database.settings()),
                    masterKey,
                    new ValetConfig.Webhook(
                        "127.0.0.1",
                        0,
                        Optional.of(given.certFile()),
                        Optional.of(given.keyFile()),
                        ConfigFile.DEFAULT_ADMISSION_DEADLINE),
                    List.of(LocalValet.testPool("devnet")),
                    Optional.of(new ValetConfig.Local(dataDir, Map.of("validators", "devnet"))),
                    Optional.empty(),
                    ReconcilerSettings.defaults()))) {

      assertThat(TlsClient.servedLeaf(app.webhookPort(), List.of(caOf(given))))
          .isEqualTo(
              Pem.readCertificates(
                      Files.readString(given.certFile(), StandardCharsets.US_ASCII), "given")
                  .getFirst());
      assertThat(dataDir.resolve("tls")).doesNotExist();
    }
  }

  private static X509Certificate caOf(TestTls tls) {
    return Pem.readCertificates(tls.caPem(), "ca").getFirst();
  }
}
