package dev.loupe.cli;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Int8Comparison;
import dev.loupe.sample.SampleGenerator;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import dev.loupe.work.ScratchFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loupe bench-int8}: fp32 against int8 MobileNets on this CPU, one line each (see Performance). */
@Command(name = "bench-int8", mixinStandardHelpOptions = true,
        description = "Quantize MobileNets to int8 (as 'loupe export-model --format onnx-int8' does) and measure "
                + "them against fp32 side by side: file size, ONNX Runtime forward-only images/s (best of --turns "
                + "turns each, taken in alternation), and how far the features move.")
final class Int8BenchCommand implements Callable<Integer> {

    @Option(names = "--backbones", split = ",", paramLabel = "B1,B2", defaultValue = "mobilenet-1.0-224,mobilenet-0.25-128",
            description = "MobileNets to measure (default: ${DEFAULT-VALUE})")
    List<String> backbones;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Keras weights for the MobileNets of its width (others: seeded random weights)")
    Path weights;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "calibrate on this folder's images (default: generated sample pictures)")
    Path dataset;

    @Option(names = "--calibration-images", defaultValue = "64", paramLabel = "N",
            description = "images to calibrate on (default: ${DEFAULT-VALUE})")
    int calibrationImages;

    @Option(names = "--batch", defaultValue = "32", description = "images per forward pass (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seconds", defaultValue = "3", description = "length of each timed turn (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--turns", defaultValue = "3", description = "timed turns per graph (default: ${DEFAULT-VALUE})")
    int turns;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "# %d cores, %s; forward only, batch %d; AVX-512 VNNI: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), batch, vnni());
        try (ScratchFolder scratch = ScratchFolder.create("loupe-int8")) {
            Path images = dataset;
            if (images == null) {
                images = scratch.path().resolve("images");
                SampleGenerator.Options defaults = SampleGenerator.Options.defaults(calibrationImages, 0, 1);
                new SampleGenerator().generate(images, defaults, ProgressListener.NONE, CancellationToken.none());
            }
            List<Path> files = imageFiles(images);
            for (String name : backbones) {
                BackboneSpec b = BackboneSpec.parse(name);
                Optional<Path> w = weights != null
                        && dev.loupe.engine.KerasMobileNetWeights.alphaOf(weights) == b.alpha()
                        ? Optional.of(weights) : Optional.empty();
                Path work = Files.createDirectories(scratch.path().resolve(b.name()));
                Int8Comparison.Result r = Int8Comparison.measure(b, w, 42,
                        dev.loupe.rounds.SplitFiles.decodeEvenly(files, b.resolution(), calibrationImages), work, batch,
                        seconds, turns);
                out.printf(Locale.ROOT, "%s (%s weights): fp32 %.2f MB %.0f img/s, int8 %.2f MB %.0f img/s; size "
                                + "%.2fx, speed %.2fx, features moved %.1f%%%n", b.name(), w.isPresent() ? "ImageNet"
                                : "random", r.fp32Bytes() / 1e6, r.fp32ImagesPerSecond(), r.int8Bytes() / 1e6,
                        r.int8ImagesPerSecond(), r.sizeRatio(), r.speedup(), 100 * r.featureChange());
                out.flush();
            }
        }
        return 0;
    }

    private List<Path> imageFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png|bmp|gif|webp)"))
                    .filter(p -> !p.toString().contains("/.loupe/")).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no images under " + root);
            }
            return files;
        }
    }

    /** Whether this CPU has the int8 dot-product instructions ONNX Runtime's integer kernels use (Linux only). */
    static String vnni() {
        try {
            String flags = Files.readString(Path.of("/proc/cpuinfo"));
            return flags.contains("avx512_vnni") ? "yes" : flags.contains("avx_vnni") ? "AVX-VNNI" : "no";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
