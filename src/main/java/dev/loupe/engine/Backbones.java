package dev.loupe.engine;

import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Opens backbones as {@link FeatureExtractor}s. */
public final class Backbones {

    private Backbones() {
    }

    /**
     * Builds {@code spec} with the given weights, or with seeded random weights when {@code weights} is empty.
     *
     * @throws EngineException when the weights cannot be loaded
     */
    public static FeatureExtractor open(BackboneSpec spec, Optional<Path> weights, long seed) {
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
            throw new EngineException(spec.name() + " is not available yet; use a mobilenet-<alpha>-<res> backbone");
        }
        ComputationGraph net = MobileNetV1.build(spec, 0, seed);
        String fingerprint;
        if (weights.isPresent()) {
            KerasMobileNetWeights.load(net, spec, weights.get());
            fingerprint = spec.name() + ";weights=sha256:" + WeightsStore.sha256(weights.get());
        } else {
            fingerprint = spec.name() + ";weights=random:" + seed;
        }
        return new Dl4jFeatureExtractor(spec, net, Normalization.MINUS_ONE_TO_ONE, fingerprint, weights.isPresent(),
                MobileNetV1.featureSize(spec.alpha()));
    }
}
