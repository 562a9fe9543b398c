package dev.loupe;

import dev.loupe.app.AppCommand;
import dev.loupe.cli.LoupeCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code loupe.jar}: every command line, and the window ({@code loupe app DIR}).
 * Deliberately not a JavaFX {@code Application}, so that the jar runs with JavaFX on the class path.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Every command, the window's included. */
    public static CommandLine commandLine() {
        CommandLine commandLine = LoupeCommand.commandLine();
        commandLine.addSubcommand("app", new AppCommand());
        return commandLine;
    }
}
