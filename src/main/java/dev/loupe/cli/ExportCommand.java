package dev.loupe.cli;

import dev.loupe.export.DatasetExporter;
import dev.loupe.export.ExportOptions;
import dev.loupe.export.ExportReport;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe export DIR --to OUT}: the cleaned dataset, with a manifest. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the cleaned dataset as class folders (Keras, retrain.py and Loupe read it as is) with "
                + "manifest.csv, manifest.json and README.txt. _excluded is left out; _unsure only on request. "
                + "OUT must be new or empty; every file is verified; a failed export leaves nothing behind.")
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Option(names = "--to", required = true, paramLabel = "OUT", description = "new or empty folder (or .zip file with --zip)")
    Path to;

    @Option(names = "--mode", defaultValue = "copy", paramLabel = "copy|hardlink|symlink",
            description = "how files get there (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--split", description = "write train/ val/ test/ sub-trees (stable split by content hash)")
    boolean split;

    @Option(names = "--zip", description = "write one ZIP file")
    boolean zip;

    @Option(names = "--include-unsure", description = "also export _unsure/")
    boolean includeUnsure;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportOptions options = new ExportOptions(ExportOptions.Mode.parse(mode), split, zip, includeUnsure);
        StderrProgress progress = new StderrProgress();
        ExportReport report;
        try (OpenedDataset ds = MoveCommands.open(dir, spec.commandLine().getErr())) {
            report = new DatasetExporter().export(ds, to, options, progress, CancellationToken.none());
        } finally {
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Exported %d images to %s (%d with a changed label, %d left out)%n", report.exported(),
                report.output(), report.changed(), report.leftOut());
        report.counts().forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %6d%n", k, v));
        out.flush();
        return 0;
    }
}
