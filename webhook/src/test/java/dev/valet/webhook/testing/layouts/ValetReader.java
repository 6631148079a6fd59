package dev.valet.webhook.testing.layouts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The neutral layout as the README's table documents it: {@code keystore.json} with {@code pubkey}
 * for one key, else {@code keystore-<i>.json} from 0 whose public key is line i of {@code pubkeys};
 * {@code password.txt} opens them all.
 */
public final class ValetReader implements ClientReader {
  @Override
  public List<FoundKeystore> read(Path mount) throws IOException {
    String password = ClientFiles.read(mount.resolve("password.txt"));
    List<FoundKeystore> found = new ArrayList<>();
    Path single = mount.resolve("keystore.json");
    if (Files.exists(single)) {
      String pubkey = ClientFiles.read(mount.resolve("pubkey")).strip();
      found.add(new FoundKeystore(single, ClientFiles.read(single), password, Optional.of(pubkey)));
      return found;
    }
    List<String> pubkeys = Files.readAllLines(mount.resolve("pubkeys"));
    for (int i = 0; Files.exists(mount.resolve("keystore-" + i + ".json")); i++) {
      Path file = mount.resolve("keystore-" + i + ".json");
      Optional<String> expected =
          i < pubkeys.size() ? Optional.of(pubkeys.get(i)) : Optional.empty();
      found.add(new FoundKeystore(file, ClientFiles.read(file), password, expected));
    }
    return found;
  }
}
