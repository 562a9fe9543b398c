package dev.loupe.cli;

import dev.loupe.dataset.DatasetLayout;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.FeaturizeReport;
import dev.loupe.features.Featurizer;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe featurize DIR}: compute and cache every image's features. */
@Command(name = "featurize", mixinStandardHelpOptions = true,
        description = "Compute every image's features with a backbone and cache them in DIR/.loupe/features.db. "
                + "Resumable: stop it at any time and run it again to continue. Moving images never re-featurizes "
                + "them.")
final class FeaturizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Mixin
    BackboneOptions backbone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DatasetLayout layout = new DatasetLayout(dir);
        StderrProgress progress = new StderrProgress();
        CancellationToken cancel = CancellationToken.none();
        FeaturizeReport report;
        try (OpenedDataset ds = OpenedDataset.open(layout.root(), progress, cancel);
             FeatureCache cache = FeatureCache.open(layout);
             FeatureExtractor extractor = backbone.open(progress, cancel)) {
            MoveCommands.reportRecovered(ds, spec.commandLine().getErr());
            progress.finish();
            report = new Featurizer().featurize(ds.catalog(), extractor, cache, progress, cancel);
        } finally {
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d images: %d featurized now (%.1f img/s), %d already cached, %d failed%n",
                report.images(), report.computed(), report.imagesPerSecond(), report.cached(), report.failures().size());
        report.failures().forEach((path, reason) -> out.printf(Locale.ROOT, "  failed: %s  %s%n", path, reason));
        out.flush();
        return 0;
    }
}
