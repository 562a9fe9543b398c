package dev.loupe.issues;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact and near duplicates grouped into clusters (a scraped picture saved three times, resized once), each
 * with the one to keep: the largest of those filed in the cluster's majority class (the largest overall when no
 * class has a majority). Clusters that span classes come first: at least one of their labels is wrong.
 */
public final class DuplicateClusters {

    /** One image: where it is filed, its content, its pixel size and bytes. */
    public record Member(String path, String sha256, String label, int width, int height, long bytes) {
        long pixels() {
            return (long) width * height;
        }
    }

    /**
     * @param members  every image of the cluster, the one to keep first
     * @param keep     the suggested image to keep
     * @param labels   the classes its images are filed under, most images first
     */
    public record Cluster(List<Member> members, Member keep, List<String> labels) {
        public boolean crossClass() {
            return labels.size() > 1;
        }
    }

    private DuplicateClusters() {
    }

    /** The clusters among {@code images} (exact copies by hash, near ones by features at {@code threshold}). */
    public static List<Cluster> find(List<Member> images, Map<String, float[]> vectors, double threshold, long seed) {
        int n = images.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstOf = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Integer first = firstOf.putIfAbsent(images.get(i).sha256(), i);
            if (first != null) {
                union(parent, first, i);
            }
        }
        List<Integer> distinct = firstOf.values().stream().filter(i -> vectors.containsKey(images.get(i).sha256()))
                .toList();
        float[][] x = new float[distinct.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = LabelIssueFinder.powerNormalize(vectors.get(images.get(distinct.get(i)).sha256()));
        }
        for (int[] pair : NearDuplicates.pairs(x, threshold, seed)) {
            union(parent, distinct.get(pair[0]), distinct.get(pair[1]));
        }
        Map<Integer, List<Member>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(images.get(i));
        }
        List<Cluster> out = new ArrayList<>();
        for (List<Member> members : groups.values()) {
            if (members.size() > 1) {
                out.add(cluster(members));
            }
        }
        out.sort(Comparator.comparing((Cluster c) -> !c.crossClass())
                .thenComparing(c -> -c.members().size())
                .thenComparing(c -> c.keep().path()));
        return out;
    }

    private static Cluster cluster(List<Member> members) {
        Map<String, Integer> count = new HashMap<>();
        members.forEach(m -> count.merge(m.label(), 1, Integer::sum));
        List<String> labels = new ArrayList<>(count.keySet());
        labels.sort(Comparator.comparing((String l) -> -count.get(l)).thenComparing(l -> l));
        String top = labels.get(0);
        boolean majority = count.get(top) * 2 > members.size();
        Comparator<Member> larger = Comparator.comparingLong(Member::pixels).reversed()
                .thenComparing(Comparator.comparingLong(Member::bytes).reversed()).thenComparing(Member::path);
        Member keep = members.stream().filter(m -> !majority || m.label().equals(top)).min(larger).orElseThrow();
        List<Member> ordered = new ArrayList<>();
        ordered.add(keep);
        members.stream().filter(m -> m != keep).sorted(Comparator.comparing(Member::path)).forEach(ordered::add);
        return new Cluster(ordered, keep, labels);
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = root(parent, a);
        int rb = root(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
