package dev.valet.webhook.admin;

import dev.valet.allocator.keys.Keystore;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything secret a populated Valet holds, written each way it could leak: the pool passwords,
 * each key's secret key, each keystore's crypto values, the stored password ciphertexts and KDF
 * salts, the master key, and the mnemonics.
 */
final class SecretMaterial {
  private final Set<String> secrets = new LinkedHashSet<>();

  /** The passwords, secret keys and keystore crypto values of every lease Secret on disk. */
  void addLeaseSecrets(Path secretsDir) throws Exception {
    List<Path> leases;
    try (Stream<Path> walk = Files.walk(secretsDir, 2)) {
      leases = walk.filter(dir -> dir.getFileName().toString().startsWith("valet-")).toList();
    }
    for (Path lease : leases) {
      String password = Files.readString(lease.resolve("password.txt"));
      secrets.add(password);
      try (Stream<Path> files = Files.list(lease)) {
        for (Path keystore :
            files.filter(f -> f.getFileName().toString().startsWith("keystore")).toList()) {
          addKeystore(Files.readString(keystore), password);
        }
      }
    }
  }

  private void addKeystore(String json, String password) {
    JsonObject crypto = new JsonObject(json).getJsonObject("crypto");
    secrets.add(crypto.encode());
    addHex(Keystore.decrypt(json, password).toBytes());
    secrets.add(crypto.getJsonObject("cipher").getString("message"));
    secrets.add(crypto.getJsonObject("cipher").getJsonObject("params").getString("iv"));
    secrets.add(crypto.getJsonObject("checksum").getString("message"));
    secrets.add(crypto.getJsonObject("kdf").getJsonObject("params").getString("salt"));
  }

  /** The pool password ciphertexts and KDF salts as the database stores them. */
  void addStoredPoolSecrets(Pool db) throws Exception {
    for (Row row :
        db.query("SELECT password_ciphertext, kdf FROM pools")
            .execute()
            .await(10, TimeUnit.SECONDS)) {
      addHex(row.getBuffer("password_ciphertext").getBytes());
      secrets.add(new JsonObject(row.getString("kdf")).getString("salt"));
    }
  }

  /** The master key, as its file holds it and as its bytes. */
  void addMasterKey(Path file) throws Exception {
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    secrets.add(text);
    if (text.matches("[0-9a-fA-F]{64}")) {
      addHex(HexFormat.of().parseHex(text));
    }
  }

  void addText(String secret) {
    secrets.add(secret);
  }

  private void addHex(byte[] bytes) {
    secrets.add(HexFormat.of().formatHex(bytes));
    secrets.add(HexFormat.of().withUpperCase().formatHex(bytes));
    secrets.add(Base64.getEncoder().encodeToString(bytes));
    secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The secrets found in {@code text}: none, if nothing leaked. */
  List<String> foundIn(String text) {
    List<String> found = new ArrayList<>();
    for (String secret : secrets) {
      if (text.contains(secret)) {
        found.add(secret.length() > 12 ? secret.substring(0, 12) + "..." : secret);
      }
    }
    return found;
  }

  int size() {
    return secrets.size();
  }
}
