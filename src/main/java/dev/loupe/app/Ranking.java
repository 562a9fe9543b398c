package dev.loupe.app;

import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.issues.DatasetScorer;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.issues.ScoreReport;
import dev.loupe.issues.ScoredImage;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.ProgressListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The judge's latest ranking of the open dataset: each image's score (by content, so a move keeps it), the
 * class pairs with estimated errors, how many of those errors are left after this session's moves, and the
 * background work that produces a ranking (a full score, or a re-rank from cached features). Knows no
 * {@code Node} and no grid.
 */
final class Ranking {

    /** What a scoring run produced: the ranking and the judge that made it. */
    record Scored(ScoreReport report, String fingerprint, String judgeName) {
    }

    private ScoreReport report;
    private final Map<String, ScoredImage> scores = new HashMap<>();
    private String fingerprint;
    private String judgeName = "";
    private int movedSince;

    /** Featurizes what the cache lacks with the judge {@code open} gives, then ranks (the Score button). */
    static BackgroundTask<Scored> score(OpenedDataset ds, BackboneFactory open) {
        return new BackgroundTask<>("Scoring", (listener, cancel) -> {
            try (FeatureExtractor backbone = open.apply(listener, cancel);
                 FeatureCache cache = FeatureCache.open(ds.layout())) {
                String name = backbone.spec().name() + (backbone.pretrained() ? ""
                        : " with NO pretrained weights (learning from scratch; expect lower accuracy)");
                ScoreReport result = new DatasetScorer().score(ds.catalog(), backbone, cache,
                        LabelIssueFinder.Config.defaults(), listener, cancel);
                return new Scored(result, backbone.fingerprint(), name);
            }
        });
    }

    /**
     * Ranks again from the features cached under {@code fingerprint} (about a second for 10,000 images), with
     * the labels as they are now; yields null when nothing is cached under that key.
     */
    static BackgroundTask<ScoreReport> rankFromCache(OpenedDataset ds, String fingerprint, String title) {
        return new BackgroundTask<>(title, (listener, cancel) -> {
            try (FeatureCache cache = FeatureCache.open(ds.layout())) {
                if (cache.vectors(fingerprint).isEmpty()) {
                    return null;
                }
                return new DatasetScorer().rank(ds.catalog(), cache, fingerprint, Map.of(),
                        LabelIssueFinder.Config.defaults(), ProgressListener.NONE, cancel);
            }
        });
    }

    /** Takes a new ranking by {@code judge}; the count of errors fixed since starts again from zero. */
    void accept(ScoreReport result, String fingerprint, String judgeName) {
        this.fingerprint = fingerprint;
        this.judgeName = judgeName;
        accept(result);
    }

    /** Takes a re-ranking by the same judge. */
    void accept(ScoreReport result) {
        report = result;
        scores.clear();
        result.queue().forEach(s -> scores.put(s.sha256(), s));
        movedSince = 0;
    }

    void clear() {
        report = null;
        scores.clear();
        movedSince = 0;
    }

    boolean ranked() {
        return report != null;
    }

    Optional<ScoreReport> report() {
        return Optional.ofNullable(report);
    }

    /** The image's score, or null when it has none (not ranked, or new since). */
    ScoredImage scoreOf(String sha256) {
        return report == null ? null : scores.get(sha256);
    }

    /** The ranking's class names in index order (empty before any ranking). */
    List<String> classes() {
        return report == null ? List.of() : report.classes();
    }

    /** Whether a re-rank can run: there is a ranking and the key of the features it came from. */
    boolean canRerank() {
        return report != null && fingerprint != null;
    }

    String fingerprint() {
        return fingerprint;
    }

    String judgeName() {
        return judgeName;
    }

    /** {@code n} images were moved (or moved again by a redo) since the ranking. */
    void moved(int n) {
        movedSince += n;
    }

    /** {@code n} moves since the ranking were undone. */
    void unmoved(int n) {
        movedSince = Math.max(0, movedSince - n);
    }

    /** The estimated label errors not yet fixed: the ranking's estimate less the moves made since. */
    long errorsLeft() {
        return report == null ? 0 : Math.max(0, report.totalEstimatedErrors() - movedSince);
    }

    /** Class pairs with estimated label errors, most first. */
    List<ClassPair> pairs() {
        List<ClassPair> rows = new ArrayList<>();
        if (report != null) {
            report.estimatedErrors().forEach((key, count) -> {
                String[] parts = key.split(" -> ");
                rows.add(new ClassPair(parts[0], parts[1], count));
            });
        }
        rows.sort(Comparator.comparingLong(ClassPair::estimated).reversed());
        return rows;
    }
}
