package dev.valet.allocator.pool;

import dev.valet.allocator.keys.KdfParameters;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;

/** Stores a pool's KDF choice and salt as JSON in the pools table. */
final class PoolKdfCodec {
  private PoolKdfCodec() {}

  static String encode(KdfParameters kdf) {
    JsonObject json =
        new JsonObject()
            .put("function", kdf.function())
            .put("salt", HexFormat.of().formatHex(kdf.salt()));
    switch (kdf) {
      case KdfParameters.Scrypt scrypt ->
          json.put("n", scrypt.n()).put("r", scrypt.r()).put("p", scrypt.p());
      case KdfParameters.Pbkdf2 pbkdf2 -> json.put("c", pbkdf2.c());
    }
    return json.encode();
  }

  static KdfParameters decode(String text) {
    JsonObject json = new JsonObject(text);
    byte[] salt = HexFormat.of().parseHex(json.getString("salt"));
    return switch (json.getString("function")) {
      case "scrypt" ->
          new KdfParameters.Scrypt(
              json.getInteger("n"), json.getInteger("r"), json.getInteger("p"), salt);
      case "pbkdf2" -> new KdfParameters.Pbkdf2(json.getInteger("c"), salt);
      default -> throw new IllegalStateException("the pools table names an unknown kdf: " + text);
    };
  }
}
