package dev.loupe.cli;

import dev.loupe.dataset.DatasetException;
import dev.loupe.engine.EngineException;
import dev.loupe.work.CancelledException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code loupe} command and its sub-commands. Results go to stdout; logs and progress to stderr. */
@Command(name = "loupe", mixinStandardHelpOptions = true, version = "Loupe 0.1.0",
        description = "Find and fix label errors in folder-per-class image datasets.",
        subcommands = {IndexCommand.class, ScoreCommand.class, FeaturizeCommand.class, FeaturesCommand.class, ClassifyCommand.class,
            RoundCommands.Retrain.class, RoundCommands.Rounds.class, CompareCommand.class, ExportCommand.class, RoundCommands.ExportModel.class,
            BackbonesCommand.class, BenchCommand.class, EvaluateCommand.class, SimilarCommand.class, LeakageCommand.class, DuplicatesCommand.class,
            MoveCommands.Move.class, MoveCommands.Undo.class, MoveCommands.Redo.class, MoveCommands.History.class,
            SampleCommand.class, Int8BenchCommand.class, ImportFeaturesCommand.class, CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n")
public final class LoupeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with Loupe's error handling: short messages for problems the user can fix. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LoupeCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof DatasetException || e instanceof EngineException || e instanceof IllegalArgumentException
                    || e instanceof dev.loupe.cluster.ParquetException) {
                err.println("loupe: " + e.getMessage());
                return 1;
            }
            if (e instanceof CancelledException) {
                err.println("loupe: cancelled");
                return 130;
            }
            throw e;
        });
        return commandLine;
    }
}
