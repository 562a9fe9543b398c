package dev.loupe.issues;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.FeaturizeReport;
import dev.loupe.features.Featurizer;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores a whole dataset: featurizes what is not cached yet, then ranks label issues among the images in
 * class folders ({@code _unsure} and {@code _excluded} have no label to check).
 */
public final class DatasetScorer {

    private final Featurizer featurizer;
    private final LabelIssueFinder finder = new LabelIssueFinder();

    public DatasetScorer() {
        this(new Featurizer());
    }

    public DatasetScorer(Featurizer featurizer) {
        this.featurizer = featurizer;
    }

    public ScoreReport score(Catalog catalog, FeatureExtractor extractor, FeatureCache cache,
                             LabelIssueFinder.Config config, ProgressListener progress, CancellationToken cancel) {
        FeaturizeReport featurized = featurizer.featurize(catalog, extractor, cache, progress, cancel);
        return rank(catalog, cache, extractor.fingerprint(), featurized.failures(), config, progress, cancel);
    }

    /** Ranks from cached features only (fast: what runs after every batch of moves). */
    public ScoreReport rank(Catalog catalog, FeatureCache cache, String fingerprint, Map<String, String> failures,
                            LabelIssueFinder.Config config, ProgressListener progress, CancellationToken cancel) {
        List<String> classes = catalog.layout().classesOnDisk();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("Scoring needs at least two class folders; found "
                    + (classes.isEmpty() ? "none" : String.join(", ", classes)));
        }
        List<LabelIssueFinder.Item> items = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            int given = classes.indexOf(e.label());
            if (e.ok() && given >= 0) {
                items.add(new LabelIssueFinder.Item(e.path(), e.sha256(), given));
            }
        }
        return finder.score(classes, items, cache.vectors(fingerprint), failures, config, progress, cancel);
    }
}
