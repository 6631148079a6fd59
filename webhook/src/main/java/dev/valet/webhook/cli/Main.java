package dev.valet.webhook.cli;

/** Entry point of valet.jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("valet");
  }
}
