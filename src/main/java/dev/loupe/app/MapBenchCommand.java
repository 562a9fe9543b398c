package dev.loupe.app;

import dev.loupe.issues.FeatureMap;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.SimilarImages;
import dev.loupe.journal.OpenedDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code loupe bench-map}: what exploring by similarity costs at 10,000 and 100,000 images of 256-d features
 * (ten synthetic classes): the map's projection, a "more like this" query, drawing a frame of the map while
 * panning (into its pixel buffer, as the Map tab does on every drag event), a lasso and a hover. No display
 * needed.
 */
@Command(name = "bench-map", mixinStandardHelpOptions = true,
        description = "Time the embeddings map and the similarity search on synthetic 256-d features: "
                + "projection, the neighbour layout, a look-alikes query, a frame while panning, a lasso, a hover.")
public final class MapBenchCommand implements Callable<Integer> {

    @Option(names = "--images", split = ",", defaultValue = "10000,100000", paramLabel = "N[,N...]",
            description = "dataset sizes (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--frame", defaultValue = "1280x900", paramLabel = "WxH",
            description = "the map's size on screen in pixels (default: ${DEFAULT-VALUE})")
    String frame;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String[] wh = frame.toLowerCase(Locale.ROOT).split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        measure(2000, w, h); // warms the JIT
        for (int n : sizes) {
            out.println(measure(n, w, h));
            out.flush();
        }
        return 0;
    }

    private static String measure(int n, int w, int h) {
        Random r = new Random(n);
        float[][] centres = new float[10][256];
        for (float[] c : centres) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) Math.max(0, r.nextGaussian());
            }
        }
        Map<String, float[]> vectors = new HashMap<>();
        List<ImageTile> tiles = new ArrayList<>();
        List<SimilarImages.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            float[] v = new float[256];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) Math.max(0, centres[c][j] + 0.6 * r.nextGaussian());
            }
            String sha = String.format(Locale.ROOT, "h%08d", i);
            String path = "class" + c + "/image" + i + ".jpg";
            vectors.put(sha, v);
            IssueKind kind = i % 50 == 0 ? IssueKind.MISCLASSIFIED : IssueKind.OK;
            tiles.add(new ImageTile(path, sha, Path.of(path), "class" + c, "class" + c, 0.9, kind, 0.1, null, 64, 48,
                    1000, 0, Map.of(), List.of()));
            candidates.add(new SimilarImages.Candidate(path, sha, "class" + c));
        }

        long start = System.nanoTime();
        FeatureMap.Layout layout = FeatureMap.principalComponents(vectors);
        double projectS = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        FeatureMap.neighbours(vectors, 42, dev.loupe.work.ProgressListener.NONE, dev.loupe.work.CancellationToken.none());
        double neighboursS = (System.nanoTime() - start) / 1e9;

        double[] similar = new double[5];
        for (int k = 0; k < similar.length; k++) {
            long t = System.nanoTime();
            SimilarImages.like(Set.of(tiles.get(k * 7).path()), candidates, vectors, 200, c -> true);
            similar[k] = (System.nanoTime() - t) / 1e6;
        }

        MapModel map = new MapModel(new BenchHost(tiles));
        map.resize(w, h);
        map.show(layout, "bench", null);
        int[] pixels = new int[w * h];
        double[] frames = new double[120];
        for (int f = 0; f < frames.length; f++) {
            long t = System.nanoTime();
            map.panBy(f < 60 ? 4 : -4, f < 60 ? 2 : -2);
            map.render(pixels, w, h);
            frames[f] = (System.nanoTime() - t) / 1e6;
        }
        double[] lasso = new double[5];
        double[] px = new double[200];
        double[] py = new double[200];
        for (int k = 0; k < px.length; k++) {
            px[k] = w / 2.0 + h / 3.0 * Math.cos(2 * Math.PI * k / px.length);
            py[k] = h / 2.0 + h / 3.0 * Math.sin(2 * Math.PI * k / px.length);
        }
        int inside = 0;
        for (int k = 0; k < lasso.length; k++) {
            long t = System.nanoTime();
            inside = map.inside(px, py).size();
            lasso[k] = (System.nanoTime() - t) / 1e6;
        }
        double[] hover = new double[20];
        for (int k = 0; k < hover.length; k++) {
            long t = System.nanoTime();
            map.pointAt(w * (k + 1) / 21.0, h / 2.0);
            hover[k] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(frames);
        return String.format(Locale.ROOT, "map images=%d dims=256 project_s=%.2f neighbours_s=%.1f similar_ms=%.0f "
                        + "frame_ms=%.1f frame_p95_ms=%.1f lasso_ms=%.0f (%d points inside) hover_ms=%.1f",
                n, projectS, neighboursS, median(similar), median(frames), frames[(int) (frames.length * 0.95)], median(lasso),
                inside, median(hover));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The map alone: its tiles, nothing selected, nothing to run. */
    private record BenchHost(List<ImageTile> tiles) implements MapModel.Host {
        @Override
        public OpenedDataset dataset() {
            return null;
        }

        @Override
        public String fingerprint() {
            return null;
        }

        @Override
        public List<String> classOrder() {
            List<String> names = new ArrayList<>();
            for (int c = 0; c < 10; c++) {
                names.add("class" + c);
            }
            return names;
        }

        @Override
        public Set<String> selectedPaths() {
            return Set.of();
        }

        @Override
        public boolean busy() {
            return false;
        }

        @Override
        public <T> void run(BackgroundTask<T> task, Consumer<T> onSuccess, Runnable otherwise) {
            throw new IllegalStateException("the bench computes its map itself");
        }

        @Override
        public void pick(List<ImageTile> picked, boolean add) {
        }

        @Override
        public void focus(ImageTile tile) {
        }
    }
}
