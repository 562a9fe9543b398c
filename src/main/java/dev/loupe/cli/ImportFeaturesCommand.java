package dev.loupe.cli;

import dev.loupe.cluster.FeatureImport;
import dev.loupe.features.FeatureCache;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe import-features DIR PARQUET}: load a cluster run's features into the dataset's cache. */
@Command(name = "import-features", mixinStandardHelpOptions = true,
        description = "Load the features of a featurize-spark run (a Parquet file or folder) into DIR's feature "
                + "cache, matched by content hash: score, review and retrain then start without featurizing.")
final class ImportFeaturesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder (a copy or a sample of the cluster's)")
    Path dir;

    @Parameters(index = "1", paramLabel = "PARQUET", description = "the table featurize-spark wrote")
    Path table;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StderrProgress progress = new StderrProgress();
        FeatureImport.Report report;
        try (OpenedDataset ds = MoveCommands.open(dir, spec.commandLine().getErr());
             FeatureCache cache = FeatureCache.open(ds.layout())) {
            report = FeatureImport.run(ds.catalog(), cache, table, progress, CancellationToken.none());
        } finally {
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(report.summary() + ".");
        for (Map.Entry<String, Integer> e : report.judges().entrySet()) {
            out.printf(Locale.ROOT, "  %d vector(s): %s%n", e.getValue(), e.getKey());
        }
        int shown = 0;
        for (Map.Entry<String, String> e : report.failed().entrySet()) {
            if (shown++ == 20) {
                out.printf(Locale.ROOT, "  ... and %d more%n", report.failed().size() - 20);
                break;
            }
            out.printf(Locale.ROOT, "  not featurized on the cluster: %s (%s)%n", e.getKey(), e.getValue());
        }
        out.flush();
        return report.imported() == 0 && report.rows() > 0 ? 1 : 0;
    }
}
