package dev.valet.webhook.cli;

import picocli.CommandLine.Command;

/** {@code valet keys}: work on the keys of the pools. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Works on the keys of the pools.",
    subcommands = {ImportKeysCommand.class})
public final class KeysCommand {}
