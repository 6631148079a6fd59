package dev.valet.webhook.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeasedKey;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.layouts.ClientReaders;
import dev.valet.webhook.testing.layouts.FoundKeystore;
import dev.valet.webhook.testing.layouts.KubeletVolume;
import dev.valet.webhook.testing.layouts.PrysmReader;
import dev.valet.webhook.testing.layouts.TestLeases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each layout's files, mounted as the kubelet mounts them, are found by that client's rules, and
 * every keystore opens with the password the client reads for it to the key the pod was told.
 */
class LayoutFilesTest {
  private static TestLeases leases;

  @TempDir Path temp;

  @BeforeAll
  static void keys() {
    leases = TestLeases.create();
  }

  static Stream<Arguments> layoutsAndKeyCounts() {
    return Arrays.stream(Layout.values())
        .flatMap(layout -> Stream.of(Arguments.of(layout, 1), Arguments.of(layout, 64)));
  }

  @ParameterizedTest(name = "{0}, {1} keys")
  @MethodSource("layoutsAndKeyCounts")
  void theClientFindsEveryKeystoreAndEachOpensToItsListedKey(Layout layout, int count)
      throws Exception {
    Lease lease = leases.lease(count, layout);
    Path mount = mount(lease, layout);

    List<FoundKeystore> found = ClientReaders.of(layout).read(mount);

    List<String> listed = lease.keys().stream().map(LeasedKey::pubkey).toList();
    assertThat(Files.readAllLines(mount.resolve(LeaseFiles.PUBKEYS))).isEqualTo(listed);
    assertThat(annotatedPubkeys(lease)).isEqualTo(listed);
    assertThat(found).hasSize(count);
    List<String> opened =
        found.stream()
            .map(
                keystore -> {
                  String pubkey =
                      Keystore.decrypt(keystore.keystoreJson(), keystore.password())
                          .publicKey()
                          .toHex();
                  keystore
                      .expectedPubkey()
                      .ifPresent(
                          expected ->
                              assertThat(pubkey)
                                  .as(keystore.file().toString())
                                  .isEqualTo(expected));
                  return pubkey;
                })
            .toList();
    assertThat(opened).containsExactlyInAnyOrderElementsOf(listed);
  }

  @Test
  void clientsThatTakeOnePasswordFileGetTheOnePasswordThatOpensEveryKeystore() throws Exception {
    for (Layout layout : List.of(Layout.LIGHTHOUSE, Layout.PRYSM, Layout.LODESTAR)) {
      Lease lease = leases.lease(3, layout);
      Path mount = mount(lease, layout);

      assertThat(Files.readString(mount.resolve(LeaseFiles.PASSWORD))).isEqualTo(leases.password());
      assertThat(ClientReaders.of(layout).read(mount))
          .extracting(FoundKeystore::password)
          .containsOnly(leases.password());
    }
  }

  @Test
  void theSlashingProtectionFileSitsAtTheTopOfEveryLayout() throws Exception {
    for (Layout layout : Layout.values()) {
      Lease lease = leases.lease(2, layout);
      Path mount = mount(lease, layout);

      assertThat(Files.readString(mount.resolve(LeaseFiles.SLASHING_PROTECTION)))
          .as(layout.label())
          .contains(lease.keys().get(0).pubkey(), lease.keys().get(1).pubkey());
    }
  }

  @Test
  void atTheTopOfAMountTheKubeletsHiddenDirectoriesStopAClientSoClientLayoutsUseADirectoryBelow()
      throws Exception {
    Lease lease = leases.lease(2, Layout.VALET);
    Path mount = mount(lease, Layout.VALET);
    Path view = Files.createDirectories(temp.resolve("view/prysm"));
    Files.createSymbolicLink(view.resolve("keystores"), mount);
    Files.copy(mount.resolve(LeaseFiles.PASSWORD), temp.resolve("view/password.txt"));

    assertThatThrownBy(() -> new PrysmReader().read(temp.resolve("view")))
        .hasMessageContaining("..data");
    assertThat(new PrysmReader().read(mount(leases.lease(2, Layout.PRYSM), Layout.PRYSM)))
        .hasSize(2);
  }

  @Test
  void aClientLayoutProjectsTheSecretWithoutAddingToIt() {
    Lease lease = leases.lease(2, Layout.TEKU);
    LeaseSecret secret = LeaseFiles.secret(lease, leases.password(), Network.HOODI);

    for (Layout layout : Layout.values()) {
      for (KeyToPath item : layout.items(lease)) {
        assertThat(secret.data()).as(layout + " " + item).containsKey(item.key());
      }
    }
    assertThat(secret.data().keySet())
        .containsExactlyInAnyOrder(
            "password.txt",
            "pubkeys",
            "slashing-protection.json",
            "keystore-0.json",
            "keystore-1.json");
  }

  private Path mount(Lease lease, Layout layout) throws Exception {
    LeaseSecret secret = LeaseFiles.secret(lease, leases.password(), Network.HOODI);
    return KubeletVolume.write(
        LeaseFiles.volume(lease, layout),
        secret.data(),
        temp.resolve(layout.label() + "-" + lease.id()));
  }

  private static List<String> annotatedPubkeys(Lease lease) {
    Map<String, String> annotations = LeaseFiles.annotations(lease, Map.of());
    return List.of(annotations.get(ValetLabels.PUBKEYS).split(","));
  }
}
