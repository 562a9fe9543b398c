package dev.loupe.app;

import dev.loupe.engine.FeatureExtractor;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.util.function.BiFunction;

/** Opens a backbone for scoring, reporting download progress and honouring cancellation. */
public interface BackboneFactory extends BiFunction<ProgressListener, CancellationToken, FeatureExtractor> {
}
