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
        boundNativeMemory();
        System.exit(run(args));
    }

    /**
     * DL4J keeps its arrays off the Java heap and by default may grow to four times the heap; on these
     * machines that reached 9-17 GB for MobileNet 1.0. Cap it unless the user chose limits
     * ({@code -Dorg.bytedeco.javacpp.maxbytes=... -Dorg.bytedeco.javacpp.maxphysicalbytes=...}).
     */
    static void boundNativeMemory() {
        if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxbytes", "4G");
        }
        if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", "6G");
        }
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Every command, the window's included. */
    public static CommandLine commandLine() {
        CommandLine commandLine = LoupeCommand.commandLine();
        commandLine.addSubcommand("app", new AppCommand());
        commandLine.addSubcommand("bench-ui", new dev.loupe.app.UiBenchCommand());
        return commandLine;
    }
}
