package dev.valet.webhook.testing.layouts;

import dev.valet.webhook.inject.Layout;

/** The reader of each layout's client. */
public final class ClientReaders {
  private ClientReaders() {}

  public static ClientReader of(Layout layout) {
    return switch (layout) {
      case VALET -> new ValetReader();
      case LIGHTHOUSE -> new LighthouseReader();
      case TEKU -> new TekuReader();
      case PRYSM -> new PrysmReader();
      case LODESTAR -> new LodestarReader();
      case NIMBUS -> new NimbusReader();
    };
  }
}
