package dev.loupe.cli;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.Featurizer;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A dataset's usable images (in its classes and buckets) and their features under one backbone, featurized
 * first where the cache lacks them: what {@code similar} and {@code leakage} start from.
 *
 * @param entries the usable images filed in a class or a bucket
 * @param labels  the classes on disk, then the buckets
 */
record CachedFeatures(DatasetLayout layout, List<CatalogEntry> entries, List<String> labels,
                      Map<String, float[]> vectors) {

    static CachedFeatures load(Path dir, BackboneOptions backbone, PrintWriter err) {
        StderrProgress progress = new StderrProgress();
        try (OpenedDataset ds = MoveCommands.open(dir, err);
             FeatureCache cache = FeatureCache.open(ds.layout());
             FeatureExtractor extractor = backbone.open(progress, CancellationToken.none())) {
            new Featurizer().featurize(ds.catalog(), extractor, cache, progress, CancellationToken.none());
            List<String> labels = new ArrayList<>(ds.layout().classesOnDisk());
            labels.addAll(ds.layout().bucketsOnDisk());
            List<CatalogEntry> entries = ds.catalog().entries().stream()
                    .filter(e -> e.ok() && labels.contains(e.label())).toList();
            return new CachedFeatures(ds.layout(), entries, labels, cache.vectors(extractor.fingerprint()));
        } finally {
            progress.finish();
        }
    }
}
