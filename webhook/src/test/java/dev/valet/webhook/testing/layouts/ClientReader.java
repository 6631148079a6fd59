package dev.valet.webhook.testing.layouts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the keystores and their passwords in a mounted lease Secret as one validator client's
 * import does, by that client's documented rules, at the paths the README tells its operator to
 * give it.
 */
public interface ClientReader {
  List<FoundKeystore> read(Path mount) throws IOException;
}
