package dev.loupe.app;

import dev.loupe.dataset.DatasetLayout;
import dev.loupe.issues.DuplicateClusters;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.journal.OpenedDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The duplicate-clusters queue: exact and near duplicates grouped ({@link DuplicateClusters}), clusters that
 * span classes first, each cluster's suggested keeper first; and "keep this one, set the rest aside" for the
 * cluster of the focused image. Membership is by content, so a member moved elsewhere stays in its cluster.
 * Knows no {@code Node}.
 */
final class ClusterQueue {

    /** Where a picture sits: its cluster (0 = first shown) and the catalog path of the suggested keeper. */
    record Place(int cluster, String keeperPath) {
        boolean keeps(ImageTile tile) {
            return tile.path().equals(keeperPath);
        }
    }

    private Map<String, Place> bySha = Map.of();
    private List<String> labels = List.of();
    private List<Set<String>> members = List.of();
    private String key;
    private int across;

    /** Finds the clusters among {@code tiles} from the features cached under {@code fingerprint}. */
    static BackgroundTask<List<DuplicateClusters.Cluster>> find(OpenedDataset ds, String fingerprint,
                                                                List<ImageTile> tiles) {
        List<DuplicateClusters.Member> images = tiles.stream().filter(t -> !t.label().startsWith("_"))
                .map(t -> new DuplicateClusters.Member(t.path(), t.sha256(), t.label(), t.width(), t.height(), t.size()))
                .toList();
        LabelIssueFinder.Config config = LabelIssueFinder.Config.defaults();
        return new BackgroundTask<>("Finding duplicate clusters", (listener, cancel) -> {
            try (dev.loupe.features.FeatureCache cache = dev.loupe.features.FeatureCache.open(ds.layout())) {
                return DuplicateClusters.find(images, cache.vectors(fingerprint), config.nearDuplicate(), config.seed());
            }
        });
    }

    /** Takes the clusters found for the features cached under {@code fingerprint}. */
    void accept(List<DuplicateClusters.Cluster> clusters, String fingerprint) {
        Map<String, Place> places = new HashMap<>();
        List<Set<String>> groups = new ArrayList<>();
        for (int c = 0; c < clusters.size(); c++) {
            DuplicateClusters.Cluster cluster = clusters.get(c);
            Set<String> shas = new LinkedHashSet<>();
            for (DuplicateClusters.Member m : cluster.members()) {
                shas.add(m.sha256());
                places.putIfAbsent(m.sha256(), new Place(c, cluster.keep().path()));
            }
            groups.add(shas);
        }
        bySha = places;
        members = groups;
        labels = List.of();
        key = fingerprint;
        across = (int) clusters.stream().filter(DuplicateClusters.Cluster::crossClass).count();
    }

    void clear() {
        bySha = Map.of();
        members = List.of();
        labels = List.of();
        key = null;
        across = 0;
    }

    /** Whether the clusters were found from the features cached under {@code fingerprint}. */
    boolean current(String fingerprint) {
        return key != null && key.equals(fingerprint);
    }

    /** Content hash → place, for the queue's filter and order. */
    Map<String, Place> places() {
        return bySha;
    }

    int clusters() {
        return members.size();
    }

    /** How many clusters span classes (at least one label there is wrong). */
    int acrossClasses() {
        return across;
    }

    /** Notes the classes each cluster's images are filed under now, most images first (after every change). */
    void relabel(List<ImageTile> all) {
        List<Map<String, Integer>> now = new ArrayList<>();
        members.forEach(m -> now.add(new HashMap<>()));
        for (ImageTile t : all) {
            Place p = bySha.get(t.sha256());
            if (p != null) {
                now.get(p.cluster()).merge(t.label(), 1, Integer::sum);
            }
        }
        labels = now.stream().map(count -> String.join("+", count.keySet().stream()
                .sorted(java.util.Comparator.comparing((String l) -> -count.get(l)).thenComparing(l -> l)).toList()))
                .toList();
    }

    /** The line under a tile: the suggested keeper, its cluster, the classes its images are filed under now. */
    Optional<String> caption(ImageTile tile) {
        Place p = bySha.get(tile.sha256());
        if (p == null) {
            return Optional.empty();
        }
        String filed = p.cluster() < labels.size() ? labels.get(p.cluster()) : tile.label();
        return Optional.of(String.format(Locale.ROOT, "%scluster %d · %s", p.keeps(tile) ? "keep · " : "",
                p.cluster() + 1, filed));
    }

    /** The other images of {@code tile}'s cluster not yet set aside in {@code _excluded}, or empty. */
    List<ImageTile> othersOf(ImageTile tile, List<ImageTile> all) {
        Place p = bySha.get(tile.sha256());
        if (p == null) {
            return List.of();
        }
        return all.stream().filter(t -> members.get(p.cluster()).contains(t.sha256()))
                .filter(t -> !t.path().equals(tile.path()) && !t.label().equals(DatasetLayout.EXCLUDED)).toList();
    }
}
