package dev.valet.webhook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgbenchFloorTest {

  @Test
  void theScriptRunsTheAllocatorsOwnStatementsWithPgbenchVariables() {
    String script = PgbenchFloor.script("bench", "ns");

    assertThat(script)
        .contains(
            AllocationStatements.of("AllocationTransaction", "SELECT_FREE")
                    .replace("$1", "'bench'")
                    .replace("$2", "1")
                    .replaceAll("\\s+", " ")
                + " \\gset\n")
        .contains("SELECT pg_advisory_xact_lock(1986096229, hashtext(:uid));")
        .doesNotContainPattern("\\$[0-9]")
        .startsWith("\\set uid")
        .endsWith("COMMIT;\n");
  }
}
