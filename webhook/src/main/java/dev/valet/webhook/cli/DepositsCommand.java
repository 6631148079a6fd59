package dev.valet.webhook.cli;

import picocli.CommandLine.Command;

/** {@code valet deposits}: work on the deposits of the pools. */
@Command(
    name = "deposits",
    mixinStandardHelpOptions = true,
    description = "Works on the deposits of the pools' keys.",
    subcommands = {ExportDepositsCommand.class})
public final class DepositsCommand {}
