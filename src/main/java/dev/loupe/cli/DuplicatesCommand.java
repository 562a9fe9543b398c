package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.issues.DuplicateClusters;
import dev.loupe.journal.MoveReason;
import dev.loupe.journal.MoveResult;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.rounds.RoundHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe duplicates DIR}: exact and near duplicates as clusters, and setting all but one aside. */
@Command(name = "duplicates", mixinStandardHelpOptions = true,
        description = "Duplicate clusters: exact copies and near-identical pictures (cached features) grouped, "
                + "clusters across classes first, each with the one to keep (the largest in the cluster's "
                + "majority class). --exclude-rest moves the others to _excluded in one journal step.")
final class DuplicatesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Mixin
    SameImageThreshold threshold;

    @Option(names = "--keep", paramLabel = "PATH", split = ",",
            description = "keep this image in its cluster instead of the suggested one")
    List<String> keep = new ArrayList<>();

    @Option(names = "--exclude-rest", description = "move every image but the kept one of each cluster to "
            + "_excluded (one step: loupe undo DIR takes it all back)")
    boolean excludeRest;

    @Option(names = "--json", description = "print the clusters as JSON")
    boolean json;

    @Mixin
    BackboneOptions backbone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        double cosine = threshold.cosine();
        CachedFeatures data = CachedFeatures.load(dir, backbone, spec.commandLine().getErr());
        List<String> classes = data.layout().classesOnDisk();
        List<DuplicateClusters.Member> images = data.entries().stream().filter(e -> classes.contains(e.label()))
                .map(e -> new DuplicateClusters.Member(e.path(), e.sha256(), e.label(), e.width(), e.height(),
                        e.size())).toList();
        List<DuplicateClusters.Cluster> clusters = new ArrayList<>(
                DuplicateClusters.find(images, data.vectors(), cosine, backbone.seed));
        for (String wanted : keep) {
            String path = MoveCommands.Move.toCatalogPath(data.layout(), wanted);
            int at = -1;
            for (int c = 0; c < clusters.size(); c++) {
                if (clusters.get(c).members().stream().anyMatch(m -> m.path().equals(path))) {
                    at = c;
                }
            }
            if (at < 0) {
                throw new IllegalArgumentException("--keep " + wanted + " is in no duplicate cluster");
            }
            DuplicateClusters.Cluster was = clusters.get(at);
            DuplicateClusters.Member chosen = was.members().stream().filter(m -> m.path().equals(path)).findFirst()
                    .orElseThrow();
            List<DuplicateClusters.Member> members = new ArrayList<>();
            members.add(chosen);
            was.members().stream().filter(m -> m != chosen).forEach(members::add);
            clusters.set(at, new DuplicateClusters.Cluster(members, chosen, was.labels()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(clusters.stream().map(DuplicatesCommand::row).toList()));
        } else {
            long across = clusters.stream().filter(DuplicateClusters.Cluster::crossClass).count();
            out.printf(Locale.ROOT, "%d duplicate cluster(s), %d across classes (at least one label is wrong in each)"
                    + "%s%n", clusters.size(), across, clusters.isEmpty() ? "." : ":");
            for (int c = 0; c < clusters.size(); c++) {
                DuplicateClusters.Cluster cluster = clusters.get(c);
                out.printf(Locale.ROOT, "cluster %d: %d images%s%n", c + 1, cluster.members().size(),
                        cluster.crossClass() ? ", across " + String.join(", ", cluster.labels()) : "");
                for (DuplicateClusters.Member m : cluster.members()) {
                    out.printf(Locale.ROOT, "  %s %s  %dx%d%n", m == cluster.keep() ? "keep" : "    ", m.path(),
                            m.width(), m.height());
                }
            }
        }
        out.flush();
        if (excludeRest && !clusters.isEmpty()) {
            return exclude(clusters, out);
        }
        return 0;
    }

    private int exclude(List<DuplicateClusters.Cluster> clusters, PrintWriter out) {
        List<String> rest = new ArrayList<>();
        clusters.forEach(c -> c.members().stream().filter(m -> m != c.keep()).forEach(m -> rest.add(m.path())));
        try (OpenedDataset ds = MoveCommands.open(dir, spec.commandLine().getErr())) {
            MoveResult result = ds.journal().move(rest, DatasetLayout.EXCLUDED,
                    new MoveReason("duplicate", Double.NaN, new RoundHistory(ds.catalog()).latest()));
            MoveCommands.print(out, result);
            out.printf(Locale.ROOT, "Set %d duplicate(s) aside in %s; 'loupe undo %s' takes them back.%n",
                    result.moved().size(), DatasetLayout.EXCLUDED, dir);
            out.flush();
            return result.ok() ? 0 : 1;
        }
    }

    private static Map<String, Object> row(DuplicateClusters.Cluster cluster) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("keep", cluster.keep().path());
        row.put("across_classes", cluster.crossClass());
        row.put("labels", cluster.labels());
        row.put("images", cluster.members().stream().map(DuplicateClusters.Member::path).toList());
        return row;
    }
}
