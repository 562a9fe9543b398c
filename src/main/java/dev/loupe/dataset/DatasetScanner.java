package dev.loupe.dataset;

import dev.loupe.imaging.ImageFiles;
import dev.loupe.imaging.ImageProbe;
import dev.loupe.imaging.ImageStatus;
import dev.loupe.imaging.ProbeResult;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.CancelledException;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a dataset's catalog up to date with the disk. Files whose size and modification time are unchanged
 * are not read again, so re-opening an unchanged dataset costs one directory walk. New and changed files are
 * hashed and probed on all cores; progress is saved in batches, so a cancelled scan resumes where it stopped.
 */
public final class DatasetScanner {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetScanner.class);
    private static final int SAVE_EVERY = 256;

    private final ImageProbe probe;
    private final int threads;

    public DatasetScanner() {
        this(new ImageProbe(), Runtime.getRuntime().availableProcessors());
    }

    public DatasetScanner(ImageProbe probe, int threads) {
        this.probe = probe;
        this.threads = Math.max(1, threads);
    }

    private record FileOnDisk(Path file, String path, long size, long mtime) {
    }

    /**
     * Scans the dataset and updates the catalog.
     *
     * @throws CancelledException when {@code cancel} is cancelled; work finished so far is kept
     */
    public ScanReport scan(Catalog catalog, ProgressListener progress, CancellationToken cancel) {
        try (WriterLock.Held lock = WriterLock.acquire(catalog.layout())) {
            return scanLocked(catalog, progress, cancel);
        }
    }

    private ScanReport scanLocked(Catalog catalog, ProgressListener progress, CancellationToken cancel) {
        long start = System.nanoTime();
        DatasetLayout layout = catalog.layout();
        List<String> classes = layout.classesOnDisk();
        List<String> buckets = layout.bucketsOnDisk();
        List<String> warnings = new ArrayList<>();
        for (String link : layout.linkedTopLevelFolders()) {
            warnings.add(link + ": a symbolic link to a folder, not a class (Loupe does not follow links out of the "
                    + "dataset or back into it; make it a real folder to use it)");
        }
        List<FileOnDisk> onDisk = new ArrayList<>();
        progress.progress(0, -1, "Listing files");
        for (String folder : concat(classes, buckets)) {
            walk(layout, layout.root().resolve(folder), onDisk, warnings, cancel);
        }

        Map<String, CatalogEntry> known = catalog.loadAll();
        List<FileOnDisk> toProbe = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> modified = new ArrayList<>();
        int unchanged = 0;
        for (FileOnDisk f : onDisk) {
            seen.add(f.path());
            CatalogEntry previous = known.get(f.path());
            if (previous != null && previous.size() == f.size() && previous.mtime() == f.mtime()) {
                unchanged++;
            } else {
                if (previous != null) {
                    modified.add(f.path());
                }
                toProbe.add(f);
            }
        }
        List<CatalogEntry> probed = probeAll(catalog, toProbe, progress, cancel);

        List<String> gone = new ArrayList<>();
        for (String path : known.keySet()) {
            if (!seen.contains(path)) {
                gone.add(path);
            }
        }
        catalog.delete(gone);

        Set<String> modifiedSet = new HashSet<>(modified);
        Map<String, Deque<String>> goneByHash = new HashMap<>();
        for (String path : gone) {
            String hash = known.get(path).sha256();
            if (hash != null) {
                goneByHash.computeIfAbsent(hash, h -> new ArrayDeque<>()).add(path);
            }
        }
        List<String> added = new ArrayList<>();
        List<ScanReport.Rename> renamed = new ArrayList<>();
        Set<String> renamedFrom = new HashSet<>();
        for (CatalogEntry e : probed) {
            if (modifiedSet.contains(e.path())) {
                continue;
            }
            Deque<String> sources = e.sha256() == null ? null : goneByHash.get(e.sha256());
            if (sources != null && !sources.isEmpty()) {
                String from = sources.poll();
                renamed.add(new ScanReport.Rename(from, e.path()));
                renamedFrom.add(from);
            } else {
                added.add(e.path());
            }
        }
        List<String> removed = gone.stream().filter(p -> !renamedFrom.contains(p)).sorted().toList();
        added.sort(null);
        modified.sort(null);
        renamed.sort((a, b) -> a.to().compareTo(b.to()));

        long links = catalog.usableWithReason(LINK_REASON);
        if (links > 0) {
            warnings.add(links + " image(s) are symbolic links to files outside the dataset: read through the link, "
                    + "never written through; a move moves the link itself");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("Scanned {}: {} files, {} read, {} unchanged in {} ms", layout.root(), onDisk.size(),
                toProbe.size(), unchanged, elapsed.toMillis());
        return new ScanReport(classes, buckets, catalog.countsByLabel(), List.copyOf(added), List.copyOf(modified),
                removed, List.copyOf(renamed), unchanged, catalog.skipped(), catalog.duplicates(),
                List.copyOf(warnings), elapsed);
    }

    private List<CatalogEntry> probeAll(Catalog catalog, List<FileOnDisk> files, ProgressListener progress,
                                        CancellationToken cancel) {
        List<CatalogEntry> results = new ArrayList<>(files.size());
        if (files.isEmpty()) {
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "loupe-scan");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<CatalogEntry> completion = new ExecutorCompletionService<>(pool);
        List<CatalogEntry> pending = new ArrayList<>();
        try {
            List<Future<CatalogEntry>> futures = new ArrayList<>(files.size());
            Path realRoot = realRoot(catalog.layout());
            for (FileOnDisk f : files) {
                futures.add(completion.submit(() -> cancel.isCancelled() ? null : toEntry(f, probe(f, realRoot))));
            }
            int total = files.size();
            for (int done = 1; done <= total; done++) {
                CatalogEntry entry = completion.take().get();
                if (entry != null) {
                    results.add(entry);
                    pending.add(entry);
                }
                if (pending.size() >= SAVE_EVERY) {
                    catalog.upsert(pending);
                    pending.clear();
                }
                progress.progress(done, total, "Reading " + done + " of " + total + " files");
                if (cancel.isCancelled()) {
                    futures.forEach(f -> f.cancel(false));
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
        } catch (ExecutionException e) {
            throw new DatasetException("Scanning failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            catalog.upsert(pending);
        }
        cancel.throwIfCancelled();
        return results;
    }

    /** Probes a file, unless it is a link back into the dataset, which is catalogued as such and not read. */
    private ProbeResult probe(FileOnDisk f, Path realRoot) {
        String linkProblem = ImageFiles.linkProblem(f.file(), realRoot);
        if (linkProblem != null) {
            return new ProbeResult(ImageStatus.NOT_IMAGE, linkProblem, null, 0, 0, 0, null);
        }
        ProbeResult r = probe.probe(f.file());
        if (r.ok() && Files.isSymbolicLink(f.file())) {
            // Catalogued as what it is: an image read through a link (never written through; a move moves the link).
            String target;
            try {
                target = Files.readSymbolicLink(f.file()).toString();
            } catch (IOException e) {
                target = "?";
            }
            return new ProbeResult(r.status(), LINK_REASON + target, r.format(), r.width(), r.height(), r.size(),
                    r.sha256());
        }
        return r;
    }

    /** The reason recorded for a usable image that is a symbolic link to a file outside the dataset. */
    public static final String LINK_REASON = "symbolic link to ";

    private static Path realRoot(DatasetLayout layout) {
        try {
            return layout.root().toRealPath();
        } catch (IOException e) {
            return layout.root();
        }
    }

    private static CatalogEntry toEntry(FileOnDisk f, ProbeResult r) {
        return new CatalogEntry(f.path(), DatasetLayout.labelOf(f.path()), f.size(), f.mtime(), r.sha256(),
                r.width(), r.height(), r.format() == null ? null : r.format().name(), r.status(), r.reason());
    }

    /**
     * Lists a class folder without following links into folders: a link to a folder is reported and not
     * entered; links to files and special files (FIFOs, devices, sockets) are catalogued, and the probe decides
     * whether they can be read.
     */
    private static void walk(DatasetLayout layout, Path folder, List<FileOnDisk> out, List<String> warnings,
                             CancellationToken cancel) {
        try {
            Files.walkFileTree(folder, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            cancel.throwIfCancelled();
                            boolean hidden = !dir.equals(folder) && DatasetLayout.isHidden(dir.getFileName().toString());
                            return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (DatasetLayout.isHidden(file.getFileName().toString())) {
                                return FileVisitResult.CONTINUE;
                            }
                            String where = layout.relativePath(file);
                            if (attrs.isSymbolicLink() && Files.isDirectory(file)) {
                                warnings.add(where + ": a symbolic link to a folder, not followed (Loupe does not "
                                        + "follow links out of the dataset or back into it)");
                            } else if (attrs.isRegularFile() || attrs.isSymbolicLink() || attrs.isOther()) {
                                // Links and special files are catalogued too, as unusable, so the report names them.
                                out.add(new FileOnDisk(file, where, attrs.isRegularFile() ? attrs.size() : 0,
                                        attrs.lastModifiedTime().toMillis()));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            String where = layout.relativePath(file);
                            if (e instanceof FileSystemLoopException) {
                                warnings.add(where + ": symbolic link loop, not followed");
                            } else if (e instanceof AccessDeniedException) {
                                warnings.add(where + ": permission denied, not scanned");
                            } else {
                                warnings.add(where + ": cannot read (" + e.getMessage() + ")");
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            warnings.add(layout.relativePath(folder) + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
