package dev.loupe.app;

import dev.loupe.cluster.FeatureImport;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.journal.OpenedDataset;
import java.nio.file.Path;

/**
 * File → Import cluster features…: a featurize-spark table into the open dataset's feature cache, and whether the
 * window's judge can score from it at once (the judge is opened, not run, to learn its fingerprint).
 */
final class ClusterImport {

    /** What the import did, and whose features the window's judge reads. */
    record Outcome(FeatureImport.Report report, String judgeFingerprint) {

        /** Whether the imported vectors are the window's judge's: scoring then featurizes nothing. */
        boolean scoresNow() {
            return report.imported() > 0 && report.decoderMatches()
                    && report.judges().containsKey(judgeFingerprint);
        }

        /** The status line's sentence. */
        String message(String judgeName) {
            if (scoresNow()) {
                return report.summary() + ". Scoring with them.";
            }
            boolean usable = report.imported() > 0 && report.decoderMatches();
            return report.summary() + (usable ? ". They are not the features of " + judgeName + " ("
                    + FeatureImport.judgeName(judgeFingerprint) + "), which judges here: scoring with it would "
                    + "featurize again." : ".");
        }
    }

    private ClusterImport() {
    }

    static BackgroundTask<Outcome> task(OpenedDataset dataset, BackboneFactory judge, Path table) {
        return new BackgroundTask<>("Importing cluster features", (progress, cancel) -> {
            FeatureImport.Report report;
            try (FeatureCache cache = FeatureCache.open(dataset.layout())) {
                report = FeatureImport.run(dataset.catalog(), cache, table, progress, cancel);
            }
            try (FeatureExtractor extractor = judge.apply(progress, cancel)) {
                return new Outcome(report, extractor.fingerprint());
            }
        });
    }
}
