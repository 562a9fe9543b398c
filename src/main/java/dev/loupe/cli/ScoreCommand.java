package dev.loupe.cli;

import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.issues.DatasetScorer;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.issues.ReviewQueueCsv;
import dev.loupe.issues.ScoreReport;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe score DIR}: rank likely label errors and write the review queue. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Find likely label errors: out-of-fold probabilities from cached features, confident "
                + "learning, duplicates across classes and outliers. Writes the review queue as CSV (best suspects "
                + "first) to --out, or to stdout with the summary on stderr.")
final class ScoreCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Mixin
    BackboneOptions backbone;

    @Mixin
    RankingOptions ranking;

    @Option(names = "--out", paramLabel = "FILE", description = "write the queue here (CSV)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LabelIssueFinder.Config config = ranking.config();
        StderrProgress progress = new StderrProgress();
        ScoreReport report;
        try (OpenedDataset ds = MoveCommands.open(dir, spec.commandLine().getErr());
             FeatureCache cache = FeatureCache.open(ds.layout());
             FeatureExtractor extractor = backbone.open(progress, CancellationToken.none())) {
            report = new DatasetScorer().score(ds.catalog(), extractor, cache, config, progress,
                    CancellationToken.none());
        } finally {
            progress.finish();
        }
        PrintWriter summary;
        if (out != null) {
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                ReviewQueueCsv.write(report, w);
            }
            summary = spec.commandLine().getOut();
        } else {
            ReviewQueueCsv.write(report, spec.commandLine().getOut());
            summary = spec.commandLine().getErr();
        }
        printSummary(summary, report);
        return 0;
    }

    private void printSummary(PrintWriter w, ScoreReport report) {
        w.printf(Locale.ROOT, "Scored %d images in %d classes in %.1f s (%d folds, L2 %.0e).%n", report.queue().size(),
                report.classes().size(), report.elapsed().toMillis() / 1000.0, ranking.folds(), report.l2());
        w.printf(Locale.ROOT, "Estimated label errors: %d%n", report.totalEstimatedErrors());
        for (Map.Entry<String, Long> e : report.estimatedErrors().entrySet()) {
            w.printf(Locale.ROOT, "  filed as %s: %d%n", e.getKey().replace(" -> ", ", looks like "), e.getValue());
        }
        w.printf(Locale.ROOT, "Queue: %d misclassified, %d low-confidence, %d duplicate, %d outlier%n",
                report.count(IssueKind.MISCLASSIFIED), report.count(IssueKind.LOW_CONFIDENCE),
                report.count(IssueKind.DUPLICATE), report.count(IssueKind.OUTLIER));
        report.skipped().forEach((path, reason) -> w.printf(Locale.ROOT, "  not scored: %s (%s)%n", path, reason));
        if (out != null) {
            w.printf(Locale.ROOT, "Review queue written to %s%n", out);
        }
        w.flush();
    }
}
