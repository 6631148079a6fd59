package dev.valet.webhook.admin.api;

/** Actions take their arguments as query parameters; a body is read only up to this many bytes. */
final class ActionBodies {
  static final long LIMIT = 4096;

  private ActionBodies() {}
}
