package dev.loupe.engine;

import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opens a backbone with its weights, and decides in one place what happens when the ImageNet weights cannot be
 * had (offline, first use): the command line fails with the download's instructions, the window may use a
 * cached file of the same width and random weights only when the user chose them, a comparison marks the
 * architectures it runs from random weights.
 */
public final class JudgeOpener {

    /** What to do when the pretrained weights cannot be had. */
    public enum Fallback {
        /** Fail with the download's error (URL, where to save it). */
        STRICT,
        /** A cached file of the same width stands in (weights do not depend on the input size); else fail. */
        SAME_WIDTH,
        /** A cached file of the same width, else random weights. */
        SAME_WIDTH_THEN_RANDOM
    }

    private JudgeOpener() {
    }

    /**
     * @param notice told, in one sentence, when something other than what was asked for is used
     */
    public static FeatureExtractor open(WeightsStore store, BackboneSpec spec, WeightsChoice choice, long seed,
                                        InferenceBackend backend, Fallback fallback, Consumer<String> notice,
                                        ProgressListener progress, CancellationToken cancel) {
        if (spec.family() == BackboneSpec.Family.ONNX) {
            if (choice.kind() != WeightsChoice.Kind.DOWNLOAD) {
                throw new EngineException(spec.name() + " carries its own weights; --weights is for MobileNet's "
                        + "Keras files");
            }
            return ForeignOnnx.open(spec, notice);
        }
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1 && choice.kind() == WeightsChoice.Kind.DOWNLOAD) {
            try {
                return Backbones.openPretrainedZoo(spec, seed, backend);
            } catch (EngineException e) {
                if (fallback != Fallback.SAME_WIDTH_THEN_RANDOM) {
                    throw e;
                }
                notice.accept(spec.name() + ": " + firstLine(e) + "; using random weights");
                return Backbones.open(spec, Optional.empty(), seed, backend);
            }
        }
        Optional<Path> weights;
        try {
            weights = store.resolve(spec, choice, progress, cancel);
        } catch (EngineException e) {
            if (fallback == Fallback.STRICT || choice.kind() != WeightsChoice.Kind.DOWNLOAD) {
                throw e;
            }
            weights = store.cachedSameWidth(spec);
            if (weights.isPresent()) {
                notice.accept(spec.name() + ": " + firstLine(e) + "; using the cached weights of the same width, "
                        + weights.get().getFileName());
            } else if (fallback == Fallback.SAME_WIDTH_THEN_RANDOM) {
                notice.accept(spec.name() + ": " + firstLine(e) + "; using random weights");
            } else {
                throw e;
            }
        }
        if (weights.isEmpty() && choice.kind() == WeightsChoice.Kind.NONE) {
            notice.accept("no pretrained weights: " + spec.name() + " starts from random weights, so features carry "
                    + "little meaning and accuracy will be lower.");
        }
        return Backbones.open(spec, weights, seed, backend);
    }

    private static String firstLine(EngineException e) {
        return e.getMessage().lines().findFirst().orElse("").replaceAll("\\.$", "");
    }
}
