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
        nameThisProcess(args);
        System.exit(run(args));
    }

    /**
     * What other Loupe processes call this one when it holds a dataset ("loupe move", "the Loupe window"), so
     * that a second writer can say who is busy with the dataset.
     */
    static void nameThisProcess(String[] args) {
        if (System.getProperty(dev.loupe.dataset.WriterLock.PROCESS_PROPERTY) != null) {
            return;
        }
        String command = args.length == 0 || args[0].startsWith("-") ? "" : args[0];
        System.setProperty(dev.loupe.dataset.WriterLock.PROCESS_PROPERTY,
                command.equals("app") ? "the Loupe window" : ("loupe " + command).trim());
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
        commandLine.addSubcommand("bench-map", new dev.loupe.app.MapBenchCommand());
        return commandLine;
    }
}
