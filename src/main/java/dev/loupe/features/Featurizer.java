package dev.loupe.features;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.imaging.ImageDecodeException;
import dev.loupe.imaging.ModelInput;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes and caches the features of every image in a dataset. Decoding and resizing run on worker threads
 * ahead of the network (a bounded window, so memory stays flat), the network runs in batches, and each batch
 * is saved before the next starts: a cancelled or killed run continues where it stopped.
 */
public final class Featurizer {

    private final int batchSize;
    private final int decodeThreads;

    public Featurizer() {
        this(32, Runtime.getRuntime().availableProcessors());
    }

    public Featurizer(int batchSize, int decodeThreads) {
        this.batchSize = batchSize;
        this.decodeThreads = Math.max(1, decodeThreads);
    }

    /** One image of a batch: decoded in place into the batch's buffer, or the failure (path, file state, why). */
    private record Decoded(String sha256, String path, FeatureCache.Failure failure) {
    }

    /** Batches decoded ahead of the network; each has its own pixel buffer, reused round-robin. */
    private static final int DEPTH = 3;

    /** One path per distinct content among the catalog's usable images (classes and buckets). */
    static Map<String, String> distinctImages(Catalog catalog) {
        Map<String, String> byHash = new LinkedHashMap<>();
        for (CatalogEntry e : catalog.entries()) {
            if (e.ok()) {
                byHash.putIfAbsent(e.sha256(), e.path());
            }
        }
        return byHash;
    }

    public FeaturizeReport featurize(Catalog catalog, FeatureExtractor extractor, FeatureCache cache,
                                     ProgressListener progress, CancellationToken cancel) {
        long start = System.nanoTime();
        String fingerprint = extractor.fingerprint();
        Map<String, String> images = distinctImages(catalog);
        Set<String> done = cache.done(fingerprint);
        List<Map.Entry<String, String>> todo = new ArrayList<>();
        for (Map.Entry<String, String> e : images.entrySet()) {
            if (!done.contains(e.getKey())) {
                todo.add(e);
            }
        }
        int cached = images.size() - todo.size();
        ModelInput input = new ModelInput(extractor.resolution());
        ExecutorService pool = Executors.newFixedThreadPool(decodeThreads, r -> {
            Thread t = new Thread(r, "loupe-decode");
            t.setDaemon(true);
            return t;
        });
        int computed = 0;
        Map<String, String> failures = new LinkedHashMap<>();
        int length = input.length();
        float[][] buffers = new float[DEPTH][batchSize * length];
        try {
            Deque<Future<Decoded>> window = new ArrayDeque<>();
            int next = 0;
            int total = todo.size();
            int processed = 0;
            List<Decoded> batch = new ArrayList<>(batchSize);
            while (processed < total) {
                // Decode up to DEPTH batches ahead: the batch being filled and the ones after it, each into its
                // own buffer; a buffer is reused only after the network has read it.
                while (next < total && next < (processed / batchSize + DEPTH) * batchSize) {
                    int index = next++;
                    Map.Entry<String, String> item = todo.get(index);
                    float[] target = buffers[(index / batchSize) % DEPTH];
                    int offset = (index % batchSize) * length;
                    window.add(pool.submit(() -> decode(input, catalog, item.getKey(), item.getValue(), target, offset)));
                }
                batch.add(window.poll().get());
                processed++;
                if (batch.size() == batchSize || processed == total) {
                    cancel.throwIfCancelled();
                    float[] pixels = buffers[((processed - 1) / batchSize) % DEPTH];
                    computed += runBatch(extractor, cache, fingerprint, batch, pixels, length, failures);
                    batch.clear();
                    // The rate and the time left are the progress display's to add (the CLI's bar, the window's line).
                    progress.progress(processed, total, "Featurizing with " + extractor.spec().name());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
            cancel.throwIfCancelled();
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoding failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new FeaturizeReport(images.size(), computed, cached, failures,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static Decoded decode(ModelInput input, Catalog catalog, String sha256, String path, float[] target,
                                  int offset) {
        java.nio.file.Path file = catalog.layout().resolve(path);
        try {
            input.load(file, target, offset);
            return new Decoded(sha256, path, null);
        } catch (ImageDecodeException e) {
            long size = -1;
            long mtime = -1;
            try {
                size = java.nio.file.Files.size(file);
                mtime = java.nio.file.Files.getLastModifiedTime(file).toMillis();
            } catch (java.io.IOException | RuntimeException gone) {
                // the file is gone or unreadable: its state is unknown, which the record says with -1
            }
            return new Decoded(sha256, path, new FeatureCache.Failure(path, size, mtime, e.getMessage()));
        }
    }

    /** Runs the network on a batch whose images sit in order in {@code pixels}; failed images are skipped. */
    private static int runBatch(FeatureExtractor extractor, FeatureCache cache, String fingerprint,
                                List<Decoded> batch, float[] pixels, int length, Map<String, String> report) {
        List<Decoded> good = new ArrayList<>();
        List<FeatureCache.Failure> failures = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Decoded d = batch.get(i);
            if (d.failure() == null) {
                if (good.size() != i) {
                    System.arraycopy(pixels, i * length, pixels, good.size() * length, length);
                }
                good.add(d);
            } else {
                failures.add(d.failure());
                report.put(d.path(), d.failure().reason());
            }
        }
        Map<String, float[]> vectors = new HashMap<>();
        if (!good.isEmpty()) {
            float[][] features = extractor.extract(pixels, good.size());
            for (int i = 0; i < good.size(); i++) {
                vectors.put(good.get(i).sha256(), features[i]);
            }
        }
        Set<String> succeeded = new java.util.HashSet<>();
        good.forEach(d -> succeeded.add(d.path()));
        cache.put(fingerprint, vectors, succeeded, failures);
        return good.size();
    }
}
