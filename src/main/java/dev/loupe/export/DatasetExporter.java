package dev.loupe.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.StableSplit;
import dev.loupe.dataset.WriterLock;
import dev.loupe.journal.MoveJournal;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import dev.loupe.work.ScratchFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a cleaned dataset that Keras' {@code image_dataset_from_directory}, retrain.py and Loupe read as is:
 * one folder per class (optionally under {@code train/ val/ test/}), with {@code manifest.csv},
 * {@code manifest.json} and a {@code README.txt}. The source dataset is only read. Everything is written under
 * a temporary name next to the target and renamed at the end, every file is verified by its hash, and a
 * failure removes the partial export, so a folder that exists under the target name is always complete.
 */
public final class DatasetExporter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatasetExporter.class);

    /** Puts one file in place; replaceable so tests can simulate a full disk. */
    @FunctionalInterface
    public interface Placer {
        void place(Path source, Path target, ExportOptions.Mode mode) throws IOException;
    }

    static final Placer FILES = (source, target, mode) -> {
        switch (mode) {
            case COPY -> Files.copy(source, target);
            case HARDLINK -> Files.createLink(target, source);
            case SYMLINK -> Files.createSymbolicLink(target, source.toAbsolutePath());
        }
    };

    private final Placer placer;

    public DatasetExporter() {
        this(FILES);
    }

    public DatasetExporter(Placer placer) {
        this.placer = placer;
    }

    private record Row(String exportPath, CatalogEntry entry, String status, MoveJournal.Provenance provenance) {
    }

    /**
     * Exports the dataset to {@code out}, a new or empty folder (or zip file) outside the dataset. Holds the
     * dataset's writer lock while it reads the images, so no move happens halfway through.
     */
    public ExportReport export(OpenedDataset dataset, Path out, ExportOptions options, ProgressListener progress,
                               CancellationToken cancel) {
        Path target = out.toAbsolutePath().normalize();
        requireFreshTarget(target, dataset.layout());
        removeLeftBehind(target);
        Path tempPath = target.resolveSibling("." + target.getFileName() + PARTIAL + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        // The partial export lives under a hidden, unmistakable name and is removed unless it was renamed into
        // place, so a folder under the target name is always complete.
        try (WriterLock.Held lock = WriterLock.acquire(dataset.layout());
             ScratchFolder scratch = ScratchFolder.createAt(tempPath)) {
            Path temp = scratch.path();
            Path tree = options.zip() ? temp.resolve("tree") : temp;
            Files.createDirectories(tree);
            ExportReport report = writeTree(dataset, tree, options, progress, cancel);
            if (Files.isDirectory(target)) {
                Files.delete(target); // empty, checked above
            }
            if (options.zip()) {
                Path zip = temp.resolve("export.zip");
                zip(tree, zip);
                Files.move(zip, target);
            } else {
                Files.move(temp, target);
            }
            return new ExportReport(target, report.counts(), report.exported(), report.changed(), report.leftOut());
        } catch (IOException e) {
            throw new DatasetException("Export failed, nothing was left at " + target + ": " + describe(e), e);
        }
    }

    private static final String PARTIAL = ".loupe-partial-";

    /** Removes partial exports next to {@code target} that killed Loupe processes left behind. */
    private static void removeLeftBehind(Path target) {
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : siblings.toList()) {
                String name = p.getFileName().toString();
                int at = name.indexOf(PARTIAL);
                if (!name.startsWith(".") || at < 0) {
                    continue;
                }
                String[] owner = name.substring(at + PARTIAL.length()).split("-");
                try {
                    long pid = Long.parseLong(owner[0]);
                    if (owner.length == 2 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue; // another export still writing
                    }
                } catch (NumberFormatException e) {
                    // an older Loupe's partial export (no pid in its name): its process is long gone
                }
                try (ScratchFolder stale = ScratchFolder.leftBehind(p)) {
                    LOG.info("Removing a partial export left by a stopped Loupe: {}", p);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove partial exports left in {}", parent, e);
        }
    }

    private ExportReport writeTree(OpenedDataset dataset, Path tree, ExportOptions options,
                                   ProgressListener progress, CancellationToken cancel) throws IOException {
        DatasetLayout layout = dataset.layout();
        List<String> classes = layout.classesOnDisk();
        StableSplit split = StableSplit.defaults();
        Map<String, MoveJournal.Provenance> provenance = dataset.journal().provenance();
        List<CatalogEntry> entries = dataset.catalog().entries().stream().filter(CatalogEntry::ok).toList();
        List<Row> rows = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        Map<String, Integer> counts = new TreeMap<>();
        int done = 0;
        int exported = 0;
        int changed = 0;
        int leftOut = 0;
        for (CatalogEntry e : entries) {
            cancel.throwIfCancelled();
            boolean isClass = classes.contains(e.label());
            boolean unsure = DatasetLayout.UNSURE.equals(e.label());
            MoveJournal.Provenance from = provenance.get(e.path());
            if (!isClass && !(unsure && options.includeUnsure())) {
                leftOut++;
                rows.add(new Row("", e, DatasetLayout.EXCLUDED.equals(e.label()) ? "excluded" : "unsure, not exported",
                        from));
                continue;
            }
            String folder = (options.split() ? split.of(e.sha256()).folder() + "/" : "") + e.label();
            String name = e.path().substring(e.path().lastIndexOf('/') + 1);
            String exportPath = free(folder, name, taken);
            Path dest = tree.resolve(exportPath);
            Files.createDirectories(dest.getParent());
            placer.place(layout.resolve(e.path()), dest, options.mode());
            String hash = dev.loupe.dataset.ContentHash.of(dest);
            if (!e.sha256().equals(hash)) {
                throw new IOException("verification failed for " + exportPath + " (the copy differs from "
                        + e.path() + ")");
            }
            counts.merge(folder, 1, Integer::sum);
            exported++;
            if (from != null && !from.originalLabel().equals(e.label())) {
                changed++;
            }
            rows.add(new Row(exportPath, e, "exported", from));
            progress.progress(++done, entries.size(), "Exporting " + done + " of " + entries.size());
        }
        // The last round's probability for each image's final label: by content and label, so that two copies of
        // one picture filed under different classes each get their own (or none).
        Map<String, Double> probabilities = new dev.loupe.rounds.RoundHistory(dataset.catalog()).latestProbabilities();
        writeManifests(tree, rows, probabilities);
        List<dev.loupe.rounds.RoundRecord> rounds = new dev.loupe.rounds.RoundHistory(dataset.catalog()).rounds();
        writeReadme(tree, counts, exported, changed, leftOut, options,
                rounds.isEmpty() ? null : rounds.get(rounds.size() - 1));
        return new ExportReport(tree, counts, exported, changed, leftOut);
    }

    private static String free(String folder, String name, Set<String> taken) {
        String free = DatasetLayout.freeName(folder + "/" + name, taken::contains);
        taken.add(free);
        return free;
    }

    private static void writeManifests(Path tree, List<Row> rows, Map<String, Double> probabilities) throws IOException {
        List<Map<String, Object>> json = new ArrayList<>();
        try (Writer file = Files.newBufferedWriter(tree.resolve("manifest.csv"), StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(file, dev.loupe.work.Csv.FORMAT)) {
            csv.printRecord("path", "source_path", "sha256", "final_label", "original_label", "changed", "moved_at",
                    "moved_by", "round", "p_final_label", "status");
            for (Row r : rows) {
                CatalogEntry e = r.entry();
                MoveJournal.Provenance p = r.provenance();
                String original = p == null ? e.label() : p.originalLabel();
                boolean changed = !original.equals(e.label());
                Double prob = probabilities.get(e.sha256() + "\u0000" + e.label());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", r.exportPath());
                m.put("source_path", e.path());
                m.put("sha256", e.sha256());
                m.put("final_label", e.label());
                m.put("original_label", original);
                m.put("changed", changed ? "yes" : "no");
                m.put("moved_at", p == null ? "" : p.movedAt().toString());
                m.put("moved_by", p == null ? "" : p.movedBy());
                m.put("round", p == null ? "" : String.valueOf(p.round()));
                m.put("p_final_label", prob == null ? "" : String.format(Locale.ROOT, "%.6f", prob));
                m.put("status", r.status());
                json.add(m);
                csv.printRecord(m.values());
            }
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tree.resolve("manifest.json").toFile(),
                json);
    }

    private static void writeReadme(Path tree, Map<String, Integer> counts, int exported, int changed, int leftOut,
                                    ExportOptions options, dev.loupe.rounds.RoundRecord round) throws IOException {
        StringBuilder s = new StringBuilder("Dataset exported by Loupe on ").append(Instant.now()).append("\n\n");
        s.append(String.format(Locale.ROOT, "%d images%s:%n", exported, options.split() ? " (train/val/test by content hash)" : ""));
        counts.forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-30s %6d%n", k, v)));
        s.append(String.format(Locale.ROOT, "%nLabels changed during curation: %d%n", changed));
        s.append(String.format(Locale.ROOT, "Left out (_excluded%s): %d%n", options.includeUnsure() ? "" : ", _unsure", leftOut));
        if (round == null) {
            s.append("Retraining rounds and model accuracy: no model has been trained on this dataset yet.\n");
        } else {
            s.append(String.format(Locale.ROOT, "Latest round: %d (%s, %s), test accuracy %.1f%%, validation accuracy "
                    + "%.1f%%%n", round.round(), round.backbone(), round.mode(), 100 * round.testAccuracy(),
                    100 * round.validationAccuracy()));
        }
        s.append("manifest.csv / manifest.json list every image: where it came from, its final and original label,\n");
        s.append("who moved it and when, and the last model's probability for its final label.\n");
        Files.writeString(tree.resolve("README.txt"), s.toString(), StandardCharsets.UTF_8);
    }


    private static void requireFreshTarget(Path target, DatasetLayout source) {
        Path real = realPathOf(target);
        Path root = realPathOf(source.root());
        if (target.startsWith(source.root()) || real.startsWith(root)) {
            throw new DatasetException("Export into a folder outside the dataset (" + target
                    + (real.equals(target) ? "" : ", which is " + real + " once links are followed,")
                    + " is inside " + source.root() + ")");
        }
        try {
            if (Files.exists(target)) {
                if (!Files.isDirectory(target)) {
                    throw new DatasetException(target + " already exists; Loupe never overwrites. Choose a new name.");
                }
                try (Stream<Path> entries = Files.list(target)) {
                    if (entries.findAny().isPresent()) {
                        throw new DatasetException(target + " is not empty; Loupe never overwrites. Choose a new or "
                                + "empty folder.");
                    }
                }
            }
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new DatasetException("Cannot use " + target + ": " + describe(e), e);
        }
    }

    /** Where {@code path} really is: its nearest existing ancestor with links resolved, plus the rest. */
    private static Path realPathOf(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            return path;
        }
    }

    private static void zip(Path tree, Path zip) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file);
             Stream<Path> walk = Files.walk(tree)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(tree.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied: " + m : m;
    }


}
