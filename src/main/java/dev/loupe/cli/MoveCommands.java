package dev.loupe.cli;

import dev.loupe.dataset.DatasetLayout;
import dev.loupe.journal.HistoryEntry;
import dev.loupe.journal.MoveReason;
import dev.loupe.journal.MoveResult;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe move}, {@code undo}, {@code redo} and {@code history}: the journal from the command line. */
final class MoveCommands {

    private MoveCommands() {
    }

    /** Opens a dataset for a command; what opening it finished is said on {@code err} (the command's stderr). */
    static OpenedDataset open(Path dir, PrintWriter err) {
        StderrProgress progress = new StderrProgress();
        try {
            OpenedDataset opened = OpenedDataset.open(dir, progress, CancellationToken.none());
            reportRecovered(opened, err);
            return opened;
        } finally {
            progress.finish();
        }
    }

    /** Says which moves, interrupted when an earlier process stopped, opening the dataset finished. */
    static void reportRecovered(OpenedDataset opened, PrintWriter err) {
        for (MoveResult r : opened.recovered()) {
            err.printf(Locale.ROOT, "loupe: finished action %d, interrupted when an earlier Loupe stopped "
                    + "(%d file(s) moved, %d left in place)%n", r.operation(), r.moved().size(), r.failed().size());
        }
        err.flush();
    }

    static void print(PrintWriter out, MoveResult result) {
        for (MoveResult.Moved m : result.moved()) {
            out.printf(Locale.ROOT, "moved  %s -> %s%n", m.from(), m.to());
        }
        for (MoveResult.Failed f : result.failed()) {
            out.printf(Locale.ROOT, "failed %s: %s%n", f.path(), f.reason());
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = "Move images to another class folder (or _unsure, _excluded) through the journal: "
                    + "never overwrites (a taken name becomes 'name (2).jpg'), undoable with 'loupe undo'.")
    static final class Move implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
        Path dir;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH",
                description = "images: paths inside the dataset (road/a.jpg) or file paths")
        List<String> paths;

        @Option(names = "--to", required = true, paramLabel = "CLASS",
                description = "target class name (a folder of the dataset), _unsure or _excluded")
        String to;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (OpenedDataset ds = open(dir, spec.commandLine().getErr())) {
                List<String> catalogPaths = new ArrayList<>();
                for (String p : paths) {
                    catalogPaths.add(toCatalogPath(ds.layout(), p));
                }
                MoveResult result = ds.journal().move(catalogPaths, to, new MoveReason("cli", Double.NaN,
                        new dev.loupe.rounds.RoundHistory(ds.catalog()).latest()));
                PrintWriter out = spec.commandLine().getOut();
                print(out, result);
                out.flush();
                return result.ok() ? 0 : 1;
            }
        }

        /** A file path (absolute, or relative to the working folder) inside the dataset, else a catalog path. */
        static String toCatalogPath(DatasetLayout layout, String arg) {
            Path asFile = Path.of(arg);
            if (asFile.isAbsolute() || Files.exists(asFile)) {
                Path absolute = asFile.toAbsolutePath().normalize();
                if (!absolute.startsWith(layout.root())) {
                    return absolute.toString();
                }
                return layout.relativePath(absolute);
            }
            return arg;
        }
    }

    /** Shared by undo and redo: repeat an action up to {@code steps} times. */
    static int repeat(Path dir, int steps, String verb, java.util.function.Function<OpenedDataset,
            Supplier<Optional<MoveResult>>> action, PrintWriter out, PrintWriter err) {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1");
        }
        try (OpenedDataset ds = open(dir, err)) {
            Supplier<Optional<MoveResult>> once = action.apply(ds);
            int done = 0;
            boolean ok = true;
            for (int i = 0; i < steps; i++) {
                Optional<MoveResult> result = once.get();
                if (result.isEmpty()) {
                    break;
                }
                print(out, result.get());
                ok &= result.get().ok();
                done++;
            }
            if (done == 0) {
                out.println("Nothing to " + verb + ".");
            } else {
                out.printf(Locale.ROOT, "%s %d action(s).%n", verb.equals("undo") ? "Undid" : "Redid", done);
            }
            out.flush();
            return ok ? 0 : 1;
        }
    }

    @Command(name = "undo", mixinStandardHelpOptions = true,
            description = "Undo the last move(s), also from earlier sessions and the app.")
    static final class Undo implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
        Path dir;

        @Option(names = "--steps", defaultValue = "1", description = "how many actions to undo (default: ${DEFAULT-VALUE})")
        int steps;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return repeat(dir, steps, "undo", ds -> ds.journal()::undo, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    @Command(name = "redo", mixinStandardHelpOptions = true, description = "Redo what was last undone.")
    static final class Redo implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
        Path dir;

        @Option(names = "--steps", defaultValue = "1", description = "how many actions to redo (default: ${DEFAULT-VALUE})")
        int steps;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return repeat(dir, steps, "redo", ds -> ds.journal()::redo, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Show the journal, newest first.")
    static final class History implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
            PrintWriter out = spec.commandLine().getOut();
            // Reading the journal changes nothing: no scan, and no repair of a move another process may be making.
            try (OpenedDataset ds = OpenedDataset.openForReading(dir)) {
                List<HistoryEntry> entries = ds.journal().history();
                if (entries.isEmpty()) {
                    out.println("No moves yet.");
                }
                for (HistoryEntry e : entries) {
                    out.printf(Locale.ROOT, "#%d  %s  %s by %s  %s (%s)%n", e.id(), time.format(e.at()), e.kind(),
                            e.user(), e.reason() == null ? "" : e.reason(), e.status());
                    for (MoveResult.Moved m : e.moves()) {
                        out.printf(Locale.ROOT, "      %s -> %s%n", m.from(), m.to());
                    }
                    for (MoveResult.Failed f : e.failures()) {
                        out.printf(Locale.ROOT, "      failed %s: %s%n", f.path(), f.reason());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }
}
