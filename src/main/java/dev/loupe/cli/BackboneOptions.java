package dev.loupe.cli;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Backbones;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.InferenceBackend;
import dev.loupe.engine.WeightsChoice;
import dev.loupe.engine.WeightsStore;
import dev.loupe.work.CancellationToken;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --backbone}, {@code --weights} and {@code --seed}, shared by every command that runs a network. */
final class BackboneOptions {

    static final String DEFAULT_BACKBONE = "mobilenet-0.25-224";

    @Option(names = "--backbone", defaultValue = DEFAULT_BACKBONE, paramLabel = "NAME",
            description = "network that computes the features (default: ${DEFAULT-VALUE}; see 'loupe backbones')")
    String backbone;

    @Option(names = "--weights", paramLabel = "FILE|none",
            description = {"weights file (Keras .h5) to use instead of the downloaded ImageNet weights;",
                "'none' starts from random weights (Loupe then learns from scratch, less accurately)"})
    String weights;

    @Option(names = "--engine", defaultValue = "onnx", paramLabel = "onnx|dl4j",
            description = "what runs the network: onnx (ONNX Runtime, fast) or dl4j (reference) (default: ${DEFAULT-VALUE})")
    String engine = "onnx";

    @Option(names = "--seed", defaultValue = "42", description = "seed for anything random (default: ${DEFAULT-VALUE})")
    long seed;

    BackboneSpec spec() {
        return BackboneSpec.parse(backbone);
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

    /** Resolves the weights (downloading them if needed) and builds the backbone. */
    FeatureExtractor open(StderrProgress progress, CancellationToken cancel) {
        BackboneSpec spec = spec();
        WeightsChoice choice = WeightsChoice.parse(Optional.ofNullable(weights));
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1 && choice.kind() == WeightsChoice.Kind.DOWNLOAD) {
            return Backbones.openPretrainedZoo(spec, seed, InferenceBackend.parse(engine));
        }
        Optional<Path> file = WeightsStore.standard().resolve(spec, choice, progress, cancel);
        progress.finish();
        if (file.isEmpty()) {
            System.err.println("loupe: no pretrained weights: " + spec.name()
                    + " starts from random weights, so features carry little meaning and accuracy will be lower.");
        }
        return Backbones.open(spec, file, seed, InferenceBackend.parse(engine));
    }
}
