package dev.loupe.cli;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.DatasetScanner;
import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.FeaturizeReport;
import dev.loupe.features.Featurizer;
import dev.loupe.sample.SampleGenerator;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProcessMemory;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code loupe bench}: featurizing speed (decode + resize + forward) and peak memory per backbone, each in
 * its own JVM so that one model's memory does not count against the next.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure featurizing speed (decode + resize + forward, images/s) and peak resident memory "
                + "per backbone, each in a fresh JVM. Prints one line per backbone.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--backbones", split = ",", paramLabel = "B1,B2",
            defaultValue = "mobilenet-0.25-128,mobilenet-0.25-224,mobilenet-1.0-224",
            description = "backbones to measure (default: ${DEFAULT-VALUE})")
    List<String> backbones;

    @Option(names = "--images", defaultValue = "256", description = "synthetic images to featurize (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--image-size", defaultValue = "640x480", paramLabel = "WxH",
            description = "size of the synthetic JPEGs (default: ${DEFAULT-VALUE}, a typical photo)")
    String imageSize;

    @Option(names = "--dataset", paramLabel = "DIR", description = "featurize this dataset instead of synthetic images")
    Path dataset;

    @Option(names = "--weights", defaultValue = "none", paramLabel = "FILE|none",
            description = "weights (do not change the speed; default: random)")
    String weights;

    @Option(names = "--engine", defaultValue = "onnx", paramLabel = "onnx|dl4j",
            description = "what runs the network (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--rank-images", defaultValue = "10000", paramLabel = "N",
            description = "also time re-ranking N images from cached (synthetic, 256-d) features; 0 to skip "
                    + "(default: ${DEFAULT-VALUE})")
    int rankImages;

    @Option(names = "--compare-pytorch", description = {"per backbone, also measure ONNX Runtime forward-only, decoding "
            + "alone and the PyTorch peer (src/bench/pytorch_peer.py with Debian's python3-torch and jemalloc)"})
    boolean comparePytorch;

    @Option(names = "--fine-tune", description = {"also measure fine-tuning speed (training images/s with every layer "
            + "trained, DL4J) for --fine-tune-backbones"})
    boolean fineTune;

    @Option(names = "--fine-tune-backbones", split = ",", paramLabel = "B1,B2",
            defaultValue = "mobilenet-0.25-128,mobilenet-1.0-224",
            description = "backbones for --fine-tune (default: ${DEFAULT-VALUE})")
    List<String> fineTuneBackbones;

    @Option(names = "--fine-tune-steps", defaultValue = "3", paramLabel = "N",
            description = "timed training steps per backbone, after one warm-up step (default: ${DEFAULT-VALUE})")
    int fineTuneSteps;

    @Option(names = "--fine-tune-batch", defaultValue = "32", paramLabel = "N",
            description = "training batch size for --fine-tune (default: ${DEFAULT-VALUE})")
    int fineTuneBatch;

    @Option(names = "--fine-tune-only", hidden = true, description = "measure only fine-tuning of --backbones (child processes)")
    boolean fineTuneOnly;

    @Option(names = "--pytorch-script", defaultValue = "src/bench/pytorch_peer.py", hidden = true)
    Path pytorchScript;

    @Option(names = "--in-process", hidden = true, description = "measure in this JVM (used by the child processes)")
    boolean inProcess;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (inProcess && fineTuneOnly) {
            for (String name : backbones) {
                out.println(fineTuneLine(BackboneSpec.parse(name)));
                out.flush();
            }
            return 0;
        }
        try (dev.loupe.work.ScratchFolder scratch = dev.loupe.work.ScratchFolder.create("loupe-bench")) {
            Path temp = scratch.path();
            Path data = dataset;
            if (data == null) {
                data = temp.resolve("images");
                SampleGenerator.Options defaults = SampleGenerator.Options.defaults(images, 0, 1);
                int[] wh = imageSize();
                new SampleGenerator().generate(data, new SampleGenerator.Options(images, 0, 1, wh[0], wh[1],
                        defaults.threads()), ProgressListener.NONE, CancellationToken.none());
            }
            if (inProcess) {
                for (String name : backbones) {
                    String line = measure(BackboneSpec.parse(name), data, temp);
                    out.println(comparePytorch ? compareLine(BackboneSpec.parse(name), data, line) : line);
                    out.flush();
                }
                return 0;
            }
            if (comparePytorch) {
                out.printf(Locale.ROOT, "# sgemm peak %.0f GFLOP/s (ND4J BLAS, 2048x2048)%n", dev.loupe.engine.Backbones.sgemmGflops());
            }
            out.printf(Locale.ROOT, "# %d cores, %s; %s; JPEG decoding: %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.arch"), dataset == null ? images + " synthetic " + imageSize + " JPEGs" : dataset,
                    dev.loupe.imaging.ModelInput.jpegDecoder());
            for (String name : backbones) {
                out.println(child(BackboneSpec.parse(name), data));
                out.flush();
            }
            if (rankImages > 0) {
                out.println(rankTiming(rankImages));
                out.println(headTiming(rankImages));
            }
            if (fineTune) {
                for (String name : fineTuneBackbones) {
                    out.println(child(BackboneSpec.parse(name), List.of("--fine-tune-only", "--fine-tune-steps",
                            String.valueOf(fineTuneSteps), "--fine-tune-batch", String.valueOf(fineTuneBatch))));
                    out.flush();
                }
            }
            return 0;
        }
    }

    private int[] imageSize() {
        String[] parts = imageSize.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--image-size takes WIDTHxHEIGHT, like 640x480; got '" + imageSize + "'");
    }

    private String measure(BackboneSpec backbone, Path data, Path temp) throws IOException {
        BackboneOptions options = new BackboneOptions();
        options.backbone = backbone.name();
        options.weights = backbone.family() == BackboneSpec.Family.ONNX ? null : weights; // it carries its own
        options.seed = 1;
        options.engine = engine;
        try (FeatureExtractor extractor = options.open(new StderrProgress(), CancellationToken.none());
             Catalog catalog = Catalog.open(new DatasetLayout(data))) {
            new DatasetScanner().scan(catalog, ProgressListener.NONE, CancellationToken.none());
            // Two passes, each into a fresh cache; the second is timed. The first warms what a long run is warm
            // in: compiled decode and resize code, the network's buffers. The decode-only and forward-only
            // measurements are warmed up the same way, so the ratios compare steady states.
            FeaturizeReport report = null;
            for (int pass = 0; pass < 2; pass++) {
                try (FeatureCache cache = FeatureCache.open(new DatasetLayout(Files.createTempDirectory(temp, "ds")))) {
                    report = new Featurizer().featurize(catalog, extractor, cache, ProgressListener.NONE,
                            CancellationToken.none());
                }
            }
            return String.format(Locale.ROOT, "%s engine=%s featurize_img_s=%.1f images=%d peak_rss_mb=%d",
                    backbone.name(), engine, report.imagesPerSecond(), report.computed(), ProcessMemory.peakRssMb());
        }
    }

    /**
     * The issue-9 comparison line: Loupe end to end, ONNX Runtime forward-only, decoding alone and PyTorch,
     * measured one after the other on this machine.
     */
    private String compareLine(BackboneSpec spec, Path data, String featurizeLine) throws IOException {
        double loupe = Double.parseDouble(featurizeLine.replaceAll(".*featurize_img_s=([0-9.]+).*", "$1"));
        // Peak memory while featurizing, read before the forward-only and PyTorch runs build more networks.
        long featurizePeak = Long.parseLong(featurizeLine.replaceAll(".*peak_rss_mb=(-?[0-9]+).*", "$1"));
        double ort = dev.loupe.engine.Backbones.onnxForwardImagesPerSecond(spec, 32, 6);
        double decode = decodeImagesPerSecond(data, spec.family() == BackboneSpec.Family.ONNX
                ? openedResolution(spec) : spec.resolution());
        String torch = pytorch(spec);
        String ratio = torch.equals("n/a") ? "n/a" : String.format(Locale.ROOT, "%.2f", loupe / Double.parseDouble(torch));
        double gflop = dev.loupe.engine.Backbones.gflopPerImage(spec);
        // Decoding and the network each take every core when measured alone, so end to end can at best run at
        // 1 / (1/decode + 1/forward): the two-core bound, and Loupe's share of it.
        double bound = 1 / (1 / decode + 1 / ort);
        // A model of the user's own has no operation count here: its GFLOP fields say n/a, not NaN.
        return String.format(Locale.ROOT, "%s gflop_per_image=%s loupe_gflop_s=%s ort_gflop_s=%s loupe_img_s=%.1f "
                        + "ort_forward_img_s=%.1f decode_img_s=%.1f bound_img_s=%.1f bound_share=%.2f ort_share=%.2f "
                        + "pytorch_img_s=%s ratio=%s peak_rss_mb=%d", spec.name(), known("%.2f", gflop),
                known("%.0f", loupe * gflop), known("%.0f", ort * gflop), loupe, ort, decode, bound, loupe / bound,
                loupe / ort, torch, ratio, featurizePeak);
    }

    private static String known(String format, double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "n/a";
    }

    /** The side a model of the user's own loads its images at (read from its graph and preprocessing). */
    private static int openedResolution(BackboneSpec spec) {
        try (FeatureExtractor model = dev.loupe.engine.ForeignOnnx.open(spec, notice -> { })) {
            return model.resolution();
        }
    }

    /** Decoding and resizing alone, on every core, as the featurizer does it. */
    private static double decodeImagesPerSecond(Path data, int size) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(p -> p.toString().endsWith(".jpg") && !p.toString().contains(".loupe")).toList();
        }
        dev.loupe.imaging.ModelInput input = new dev.loupe.imaging.ModelInput(size);
        int threads = Runtime.getRuntime().availableProcessors();
        for (Path file : files) {
            input.load(file); // one untimed pass, as the featurizer gets
        }
        // As the featurizer decodes: into a reused buffer per thread (no array per image for the collector), and for
        // at least two seconds (one pass over a few hundred small photos was a quarter second, and read 10-15% low).
        long start = System.nanoTime();
        long[] decoded = new long[threads];
        dev.loupe.work.Parallel.map(threads, t -> {
            float[] out = new float[input.length()];
            do {
                for (int i = t; i < files.size(); i += threads) {
                    input.load(files.get(i), out, 0);
                    decoded[t]++;
                }
            } while (System.nanoTime() - start < 2_000_000_000L);
            return null;
        });
        return java.util.Arrays.stream(decoded).sum() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The PyTorch peer script: {@code --pytorch-script} as given, else (a relative path, run from another folder)
     * the same path in the project the jar was built in ({@code target/loupe.jar} → {@code src/bench/...}).
     */
    private Path peerScript() {
        if (Files.isRegularFile(pytorchScript)) {
            return pytorchScript;
        }
        if (pytorchScript.isAbsolute()) {
            return null;
        }
        try {
            Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path project = jar.getParent() == null ? null : jar.getParent().getParent();
            Path candidate = project == null ? null : project.resolve(pytorchScript);
            return candidate != null && Files.isRegularFile(candidate) ? candidate : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The PyTorch peer's forward-only img/s, or "n/a" when Debian's python3-torch is not installed. */
    private String pytorch(BackboneSpec spec) {
        Path python = Path.of("/usr/bin/python3");
        Path script = peerScript();
        if (spec.family() == BackboneSpec.Family.ONNX || !Files.isExecutable(python) || script == null) {
            return "n/a";
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString(), "--arch",
                    spec.name(), "--threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
            Path jemalloc = Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");
            if (Files.isRegularFile(jemalloc)) {
                builder.environment().put("LD_PRELOAD", jemalloc.toString());
            }
            Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (process.waitFor() != 0 || !output.contains("pytorch_img_s=")) {
                return "n/a";
            }
            return output.replaceAll(".*pytorch_img_s=([0-9.]+).*", "$1");
        } catch (IOException e) {
            return "n/a";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "n/a";
        }
    }

    /** Head-only training time (the L2 search included) on 80% of N cached 256-d feature vectors. */
    static String headTiming(int n) {
        java.util.Random r = new java.util.Random(2);
        int train = n * 8 / 10;
        float[][] x = new float[train][256];
        int[] y = new int[train];
        for (int i = 0; i < train; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 256; j++) {
                x[i][j] = (float) Math.abs(r.nextGaussian() + (j % 2 == y[i] ? 0.8 : 0));
            }
        }
        long start = System.nanoTime();
        new dev.loupe.heads.HeadTrainer().fitWithCrossValidation(x, y, List.of("a", "b"), 3, 1);
        return String.format(Locale.ROOT, "head-only images=%d train=%d dims=256 train_s=%.2f", n, train,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Ranking time from cached features, per head: the first ranking of a feature set (principal components and
     * neighbour search included) and a re-ranking after moves (labels changed, the features' geometry reused):
     * the step that runs after every batch of moves.
     */
    static String rankTiming(int n) {
        StringBuilder out = new StringBuilder();
        for (dev.loupe.issues.LabelIssueFinder.Head head : dev.loupe.issues.LabelIssueFinder.Head.values()) {
            dev.loupe.issues.LabelIssueFinder.Config config = dev.loupe.issues.LabelIssueFinder.Config.defaults()
                    .withHead(head);
            rank(syntheticFeatures(n, 2), 0, config); // warms the JIT on other features
            java.util.Map<String, float[]> vectors = syntheticFeatures(n, 1);
            double first = rank(vectors, 0, config);
            double again = Math.min(rank(vectors, 1, config), rank(vectors, 2, config));
            out.append(String.format(Locale.ROOT, "%srank images=%d dims=256 head=%s first_s=%.2f rerank_s=%.2f",
                    out.length() == 0 ? "" : "\n", n, head, first, again));
        }
        return out.toString();
    }

    /** Two classes of synthetic 256-d features, keyed h0, h1, ... */
    private static java.util.Map<String, float[]> syntheticFeatures(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        java.util.Map<String, float[]> vectors = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            float[] v = new float[256];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) Math.abs(r.nextGaussian() + (j % 2 == c ? 0.8 : 0));
            }
            vectors.put("h" + i, v);
        }
        return vectors;
    }

    /** Seconds to rank {@code vectors} with 10% of labels flipped; {@code moved} more images moved each time. */
    private static double rank(java.util.Map<String, float[]> vectors, int moved,
                               dev.loupe.issues.LabelIssueFinder.Config config) {
        int n = vectors.size();
        List<dev.loupe.issues.LabelIssueFinder.Item> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            boolean flipped = i < n / 10 + moved * 50;
            items.add(new dev.loupe.issues.LabelIssueFinder.Item("c/" + i, "h" + i, flipped ? 1 - c : c));
        }
        long start = System.nanoTime();
        new dev.loupe.issues.LabelIssueFinder().score(List.of("a", "b"), items, vectors, java.util.Map.of(), config,
                ProgressListener.NONE, CancellationToken.none());
        return (System.nanoTime() - start) / 1e9;
    }

    /** Training speed of a whole MobileNet (every layer), as {@code loupe retrain --fine-tune} runs it. */
    private String fineTuneLine(BackboneSpec backbone) {
        double speed = dev.loupe.engine.FineTuner.trainingImagesPerSecond(backbone, fineTuneBatch, fineTuneSteps);
        return String.format(Locale.ROOT, "fine-tune %s train_img_s=%.2f batch=%d steps=%d peak_rss_mb=%d", backbone.name(),
                speed, fineTuneBatch, fineTuneSteps, ProcessMemory.peakRssMb());
    }

    private String child(BackboneSpec backbone, Path data) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--dataset", data.toString(), "--weights", weights, "--engine", engine));
        if (comparePytorch) {
            args.addAll(List.of("--compare-pytorch", "--pytorch-script", pytorchScript.toString()));
        }
        return child(backbone, args);
    }

    /** Runs {@code bench --in-process} for one backbone in a fresh JVM and returns what it printed. */
    private String child(BackboneSpec backbone, List<String> extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ProcessHandle.current().info().arguments().map(List::of).orElse(List.of()).stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("-D")).toList());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.loupe.Main");
        command.addAll(List.of("bench", "--in-process", "--backbones", backbone.name(), "--rank-images", "0"));
        command.addAll(extra);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        int code = process.waitFor();
        if (code != 0) {
            return backbone.name() + " failed (exit code " + code + ")";
        }
        return output;
    }

}
