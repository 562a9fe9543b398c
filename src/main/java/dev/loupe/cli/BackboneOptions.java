package dev.loupe.cli;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.InferenceBackend;
import dev.loupe.engine.JudgeOpener;
import dev.loupe.engine.WeightsChoice;
import dev.loupe.engine.WeightsStore;
import dev.loupe.work.CancellationToken;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --backbone}, {@code --weights} and {@code --seed}, shared by every command that runs a network. */
public final class BackboneOptions {

    static final String DEFAULT_BACKBONE = "mobilenet-0.25-224";

    @Option(names = "--backbone", defaultValue = DEFAULT_BACKBONE, paramLabel = "NAME",
            description = "network that computes the features (default: ${DEFAULT-VALUE}; see 'loupe backbones')")
    String backbone;

    @Option(names = "--preprocess", paramLabel = "PRESET[,KEY=V...]",
            description = "for --backbone onnx:PATH, how its pixels are prepared: torchvision, keras-mobilenet, clip "
                    + "or caffe, then overrides size=, crop=, scale=, mean=R/G/B, std=R/G/B, bgr (default: the model's "
                    + "sidecar NAME.json, else torchvision)")
    String preprocess;

    @Option(names = "--onnx-output", paramLabel = "TENSOR",
            description = "for --backbone onnx:PATH, the tensor that holds the features (default: Loupe picks the "
                    + "vector the model's classifier reads, or its embedding output)")
    String onnxOutput;

    @Option(names = "--weights", paramLabel = "FILE|none",
            description = "weights file (Keras .h5) to use instead of the downloaded ImageNet weights; "
                    + "'none' starts from random weights (Loupe then learns from scratch, less accurately)")
    String weights;

    @Option(names = "--engine", defaultValue = "onnx", paramLabel = "onnx|dl4j",
            description = "what runs the network: onnx (ONNX Runtime, fast) or dl4j (reference) (default: "
                    + "${DEFAULT-VALUE})")
    String engine = "onnx";

    @Option(names = "--views", defaultValue = "1", paramLabel = "1|2|6",
            description = {"2: average each image's features with its mirror image's (a second forward pass);",
                    "6: also with its four corner crops (80%% of each side); each cached apart (default: ${DEFAULT-VALUE})"})
    int views = 1;

    @Option(names = "--seed", defaultValue = "42", description = "seed for anything random (default: ${DEFAULT-VALUE})")
    long seed;

    /** The command these options belong to: its error stream is where warnings go. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** A warning for the user, on the command's error stream (stderr), as one {@code loupe:} line. */
    void warn(String text) {
        if (command != null) {
            command.commandLine().getErr().println("loupe: " + text);
            command.commandLine().getErr().flush();
        } else {
            System.err.println("loupe: " + text);
        }
    }

    BackboneSpec spec() {
        BackboneSpec spec = BackboneSpec.parse(backbone);
        if (spec.family() != BackboneSpec.Family.ONNX) {
            if (preprocess != null || onnxOutput != null) {
                throw new IllegalArgumentException("--preprocess and --onnx-output are for --backbone onnx:PATH");
            }
            return spec;
        }
        // The file as an absolute path, the flags folded in: the name then means the same from any folder, in
        // rounds, settings and the feature cache.
        dev.loupe.engine.ForeignOnnx.Source source = dev.loupe.engine.ForeignOnnx.Source.parse(spec.source());
        return BackboneSpec.onnx(new dev.loupe.engine.ForeignOnnx.Source(source.model().toAbsolutePath().normalize(),
                preprocess != null ? preprocess : source.preprocess(),
                onnxOutput != null ? onnxOutput : source.output()).text());
    }

    /** The MobileNet weights file these options name (downloaded if needed); empty for random or zoo weights. */
    Optional<Path> weightsFile(StderrProgress progress, CancellationToken cancel) {
        BackboneSpec spec = spec();
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
            return Optional.empty();
        }
        Optional<Path> file = WeightsStore.standard().resolve(spec, WeightsChoice.parse(Optional.ofNullable(weights)),
                progress, cancel);
        progress.finish();
        return file;
    }

    /** Resolves the weights (downloading them if needed) and builds the backbone; fails without them. */
    public FeatureExtractor open(StderrProgress progress, CancellationToken cancel) {
        return open(progress, cancel, JudgeOpener.Fallback.STRICT);
    }

    /** The same, with {@code fallback} deciding what stands in when the pretrained weights cannot be had. */
    FeatureExtractor open(StderrProgress progress, CancellationToken cancel, JudgeOpener.Fallback fallback) {
        if (views != 1 && views != 2 && views != 6) {
            throw new IllegalArgumentException("--views must be 1, 2 (the image and its mirror image) or 6 (and its "
                    + "four corner crops)");
        }
        try {
            FeatureExtractor opened = JudgeOpener.open(WeightsStore.standard(), spec(),
                    WeightsChoice.parse(Optional.ofNullable(weights)), seed, InferenceBackend.parse(engine), fallback,
                    this::warn, progress, cancel);
            return views == 1 ? opened : dev.loupe.engine.ViewAveraged.of(opened, views);
        } finally {
            progress.finish();
        }
    }
}
