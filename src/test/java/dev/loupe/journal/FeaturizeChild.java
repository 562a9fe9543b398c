package dev.loupe.journal;

import dev.loupe.features.FeatureCache;
import dev.loupe.features.Featurizer;
import dev.loupe.testing.ColourFeatures;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;

/** Child process for {@link KilledCommandsTest}: opens a dataset and featurizes it, until done or killed. */
public final class FeaturizeChild {

    private FeaturizeChild() {
    }

    public static void main(String[] args) {
        try (OpenedDataset ds = OpenedDataset.open(Path.of(args[0]), ProgressListener.NONE, CancellationToken.none());
             FeatureCache cache = FeatureCache.open(ds.layout());
             ColourFeatures features = new ColourFeatures()) {
            System.out.println("ready");
            System.out.flush();
            new Featurizer(2, 1).featurize(ds.catalog(), features, cache, ProgressListener.NONE, CancellationToken.none());
        }
        System.out.println("finished");
    }
}
