package dev.loupe.issues;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Backbones;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.InferenceBackend;
import dev.loupe.features.FeatureCache;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.testing.SampleDatasetCopy;
import dev.loupe.testing.Shared;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the bundled sample dataset, the planted label errors head the review queue. */
class SampleDatasetScoringTest {

    private static final Path WEIGHTS = Shared.mobileNet025();

    @TempDir
    Path copy;

    @Test
    void plantedErrorsFillTheTopOfTheQueue() throws Exception {
        assumeTrue(Files.isRegularFile(WEIGHTS), "needs the ImageNet MobileNet weights in ../shared");
        SampleDatasetCopy.copyTo(copy);
        Set<String> planted = new HashSet<>();
        for (String line : Files.readAllLines(copy.resolve("ground-truth.csv")).subList(1, 701)) {
            if (line.endsWith(",yes")) {
                planted.add(line.split(",")[0]);
            }
        }
        try (OpenedDataset ds = OpenedDataset.open(copy, ProgressListener.NONE, CancellationToken.none());
             FeatureCache cache = FeatureCache.open(ds.layout());
             FeatureExtractor backbone = Backbones.open(BackboneSpec.mobileNet(0.25, 224), Optional.of(WEIGHTS), 1,
                     InferenceBackend.ONNX)) {
            ScoreReport report = new DatasetScorer().score(ds.catalog(), backbone, cache,
                    LabelIssueFinder.Config.defaults(), ProgressListener.NONE, CancellationToken.none());
            List<ScoredImage> top = report.queue().subList(0, planted.size());
            long hits = top.stream().filter(s -> planted.contains(s.path())).count();
            assertTrue(hits >= Math.ceil(0.95 * planted.size()), hits + " of " + planted.size() + " planted errors in the top "
                    + planted.size());
        }
    }
}
