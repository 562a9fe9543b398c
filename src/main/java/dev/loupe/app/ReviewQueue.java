package dev.loupe.app;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.ScoredImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the grid shows: each catalogued image as a tile with the judge's verdict, and the queue, filters and
 * sort order applied to them. Pure functions of their inputs; no JavaFX.
 */
final class ReviewQueue {

    /**
     * The grid's filters, as the toolbar and the sidebar set them.
     *
     * @param similar for the {@link Queue#SIMILAR} queue: content hash → similarity to the chosen images
     * @param listed  for the {@link Queue#PICKED} and {@link Queue#LEAKAGE} queues: content hash → place in the list
     *                (images picked on the map; leaking pairs, pair by pair)
     * @param clusters for the {@link Queue#CLUSTERS} queue: content hash → place among the duplicate clusters
     */
    record Filters(Queue queue, ClassSummary only, ClassPair pair, String text, boolean showReviewed,
                   double confidenceAtMost, Sort sort, Set<String> backAndForth, Map<String, Double> similar,
                   Map<String, Integer> listed, Map<String, ClusterQueue.Place> clusters) {
    }

    private ReviewQueue() {
    }

    /**
     * One image as a tile: its file facts, the reviewer's {@code decision}, and (when scored) the judge's
     * probabilities, most likely class and issue kind for the label it has now.
     *
     * @param scored the image's score, or null before scoring
     */
    static ImageTile tile(CatalogEntry e, Path file, ScoredImage scored, List<String> classes, String decision) {
        if (scored == null) {
            return new ImageTile(e.path(), e.sha256(), file, e.label(), null, Double.NaN, null, 0, decision,
                    e.width(), e.height(), e.size(), e.mtime(), Map.of(), List.of());
        }
        double[] p = scored.probabilities();
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int c = 0; c < p.length; c++) {
            probabilities.put(classes.get(c), p[c]);
        }
        int best = dev.loupe.work.Vectors.argmax(p);
        int given = classes.indexOf(e.label());
        IssueKind kind;
        double score;
        if (given < 0) {
            kind = null; // set aside in a bucket: no label to check
            score = 0;
        } else {
            // The label may have changed since scoring (a move): judge the label it has now.
            score = 1 - p[given];
            if (scored.kind() == IssueKind.DUPLICATE && given == scored.given()) {
                kind = IssueKind.DUPLICATE;
            } else if (best != given) {
                kind = IssueKind.MISCLASSIFIED;
            } else if (given == scored.given() && scored.kind() != IssueKind.MISCLASSIFIED) {
                kind = scored.kind();
            } else {
                kind = IssueKind.OK;
            }
        }
        return new ImageTile(e.path(), e.sha256(), file, e.label(), classes.get(best), p[best], kind, score, decision,
                e.width(), e.height(), e.size(), e.mtime(), probabilities, scored.duplicates());
    }

    /** The tiles the filters keep, in the sort order ({@code all} comes in score order). */
    static List<ImageTile> filter(List<ImageTile> all, Filters f) {
        List<ImageTile> shown = new ArrayList<>();
        for (ImageTile t : all) {
            if (f.only() != null && !t.label().equals(f.only().name())) {
                continue;
            }
            if (!f.text().isEmpty() && !t.path().toLowerCase(Locale.ROOT).contains(f.text())) {
                continue;
            }
            if (!f.showReviewed() && t.reviewed()) {
                continue;
            }
            if (t.predicted() != null && t.confidence() > f.confidenceAtMost()) {
                continue;
            }
            ClassPair page = f.pair();
            if (page != null && !(t.label().equals(page.filed()) && page.looks().equals(t.predicted()))) {
                continue;
            }
            boolean keep = switch (f.queue()) {
                case ALL -> true;
                case SUSPECTS -> t.suspect();
                case MISCLASSIFIED -> t.kind() == IssueKind.MISCLASSIFIED;
                case LOW_CONFIDENCE -> t.kind() == IssueKind.LOW_CONFIDENCE;
                case DUPLICATES -> t.kind() == IssueKind.DUPLICATE;
                case BACK_AND_FORTH -> f.backAndForth().contains(t.sha256());
                case SIMILAR -> f.similar().containsKey(t.sha256());
                case PICKED, LEAKAGE -> f.listed().containsKey(t.sha256());
                case CLUSTERS -> f.clusters().containsKey(t.sha256());
            };
            if (keep) {
                shown.add(t);
            }
        }
        Comparator<ImageTile> order = switch (f.sort()) {
            case SCORE -> switch (f.queue()) {
                case SIMILAR -> // most similar first
                        Comparator.comparingDouble((ImageTile t) -> -f.similar().get(t.sha256())).thenComparing(ImageTile::path);
                case CLUSTERS -> // cluster by cluster (across classes first), the suggested keeper first in each
                        Comparator.comparingInt((ImageTile t) -> f.clusters().get(t.sha256()).cluster())
                                .thenComparing(t -> !f.clusters().get(t.sha256()).keeps(t)).thenComparing(ImageTile::path);
                case LEAKAGE -> // pair by pair
                        Comparator.comparingInt((ImageTile t) -> f.listed().get(t.sha256())).thenComparing(ImageTile::path);
                default -> null; // already in score order
            };
            case CONFIDENCE -> Comparator.comparingDouble((ImageTile t) -> Double.isNaN(t.confidence()) ? 2 : t.confidence())
                    .thenComparing(ImageTile::path);
            case NAME -> Comparator.comparing(ImageTile::name).thenComparing(ImageTile::path);
            case DATE -> Comparator.comparingLong(ImageTile::modified).reversed().thenComparing(ImageTile::path);
        };
        if (order != null) {
            shown.sort(order);
        }
        return shown;
    }

    /** What keeps every image out of the grid, and how to see them again. */
    static String whyEmpty(boolean noImages, boolean scored, Filters f) {
        if (noImages) {
            return "This dataset has no usable images yet: add images to its class folders (see the status line for "
                    + "skipped files).";
        }
        List<String> why = new ArrayList<>();
        if (f.queue() != Queue.ALL) {
            why.add("the " + f.queue().toString().toLowerCase(Locale.ROOT) + " queue" + (scored ? "" : " (score first)"));
            if (f.queue() == Queue.SIMILAR) {
                why.add("(press L on an image to find its look-alikes)");
            } else if (f.queue() == Queue.CLUSTERS) {
                why.add("(no two images are the same picture)");
            } else if (f.queue() == Queue.LEAKAGE) {
                why.add("(no near-duplicate pair straddles the split; the Rounds tab checks it)");
            } else if (f.queue() == Queue.PICKED) {
                why.add("(draw a lasso round points in the Map tab to pick them)");
            }
        }
        if (f.only() != null) {
            why.add("class " + f.only().name());
        }
        if (f.pair() != null) {
            why.add("the page " + f.pair());
        }
        if (!f.text().isEmpty()) {
            why.add("names containing '" + f.text() + "'");
        }
        if (f.confidenceAtMost() < 1) {
            why.add(String.format(Locale.ROOT, "at most %.0f%% sure", 100 * f.confidenceAtMost()));
        }
        if (!f.showReviewed()) {
            why.add("reviewed images hidden");
        }
        return "No image matches " + String.join(" + ", why) + ". Loosen one (Show: All images, All classes, clear "
                + "the filter) to see images again.";
    }
}
