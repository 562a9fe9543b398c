package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.dataset.DuplicateGroup;
import dev.loupe.dataset.ScanReport;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe index DIR}: catalogue a dataset and report classes, duplicates and skipped files. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Scan a dataset (one sub-folder per class) and update its catalog in DIR/.loupe/. "
                + "Prints classes with image counts, duplicate images (loudly when they sit in different classes), "
                + "and every skipped file with the reason. Re-running only reads new or changed files.")
final class IndexCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Option(names = "--json", description = "print the report as JSON instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DatasetLayout layout = new DatasetLayout(dir);
        StderrProgress progress = new StderrProgress();
        ScanReport report;
        try (OpenedDataset ds = OpenedDataset.open(layout.root(), progress, CancellationToken.none())) {
            report = ds.report();
            MoveCommands.reportRecovered(ds, spec.commandLine().getErr());
        } finally {
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(toJson(layout, report)));
        } else {
            printText(out, layout, report);
        }
        out.flush();
        return 0;
    }

    private static void printText(PrintWriter out, DatasetLayout layout, ScanReport report) {
        out.printf(Locale.ROOT, "Dataset %s%n", layout.root());
        out.printf(Locale.ROOT, "%d classes, %d images (scanned in %.1f s: %d new, %d changed, %d removed, "
                        + "%d renamed, %d unchanged)%n%n", report.classes().size(), report.imageCount(),
                report.elapsed().toMillis() / 1000.0, report.added().size(), report.modified().size(),
                report.removed().size(), report.renamed().size(), report.unchanged());
        int width = Math.max(5, report.classes().stream().mapToInt(String::length).max().orElse(5));
        for (String label : labels(report)) {
            out.printf(Locale.ROOT, "  %-" + width + "s %7d%s%n", label, report.count(label),
                    report.count(label) == 0 ? "  (empty)" : "");
        }
        if (report.classes().size() < 2) {
            out.println();
            out.println("Warning: a dataset needs at least two class folders; found " + report.classes().size()
                    + ".");
        }
        List<DuplicateGroup> dups = report.duplicates();
        out.println();
        if (dups.isEmpty()) {
            out.println("Duplicates: none");
        } else {
            out.printf(Locale.ROOT, "Duplicates: %d group(s) of identical files", dups.size());
            long conflicts = report.conflictingDuplicates();
            out.println(conflicts > 0 ? String.format(Locale.ROOT,
                    ", %d FILED IN DIFFERENT CLASSES (at least one label in each is wrong):", conflicts) : ":");
            for (DuplicateGroup g : dups) {
                out.printf(Locale.ROOT, "  %s %s%n", g.conflicting() ? "CONFLICT " : "duplicate",
                        String.join("  ", g.paths()));
            }
        }
        out.println();
        if (report.skipped().isEmpty()) {
            out.println("Skipped: none");
        } else {
            out.printf(Locale.ROOT, "Skipped: %d file(s)%n", report.skipped().size());
            for (CatalogEntry e : report.skipped()) {
                out.printf(Locale.ROOT, "  %s  [%s] %s%n", e.path(), e.status().code(), e.reason());
            }
        }
        for (ScanReport.Rename rename : report.renamed()) {
            out.printf(Locale.ROOT, "Renamed: %s -> %s%n", rename.from(), rename.to());
        }
        for (String warning : report.warnings()) {
            out.println("Warning: " + warning);
        }
    }

    private static List<String> labels(ScanReport report) {
        List<String> labels = new java.util.ArrayList<>(report.classes());
        labels.addAll(report.buckets());
        return labels;
    }

    private static Map<String, Object> toJson(DatasetLayout layout, ScanReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dataset", layout.root().toString());
        root.put("classes", report.classes());
        root.put("buckets", report.buckets());
        Map<String, Integer> counts = new LinkedHashMap<>();
        labels(report).forEach(l -> counts.put(l, report.count(l)));
        root.put("counts", counts);
        root.put("images", report.imageCount());
        root.put("added", report.added());
        root.put("modified", report.modified());
        root.put("removed", report.removed());
        root.put("renamed", report.renamed().stream()
                .map(r -> Map.of("from", r.from(), "to", r.to())).toList());
        root.put("unchanged", report.unchanged());
        root.put("duplicates", report.duplicates().stream().map(g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sha256", g.sha256());
            m.put("paths", g.paths());
            m.put("labels", g.labels());
            m.put("conflicting", g.conflicting());
            return m;
        }).toList());
        root.put("skipped", report.skipped().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", e.path());
            m.put("status", e.status().code());
            m.put("reason", e.reason());
            return m;
        }).toList());
        root.put("warnings", report.warnings());
        root.put("seconds", report.elapsed().toMillis() / 1000.0);
        return root;
    }
}
