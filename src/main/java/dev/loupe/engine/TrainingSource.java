package dev.loupe.engine;

import java.util.List;
import java.util.Random;

/** Supplies (augmented) training batches and a fixed validation set to {@link FineTuner}. */
public interface TrainingSource {

    /** Images of one batch: NHWC RGB 0..255 floats at the network's resolution, and class indices. */
    record Batch(float[] rgb, int[] labels) {
        public int count() {
            return labels.length;
        }
    }

    /** A fresh random batch of {@code size} training images (distorted as configured). */
    Batch next(int size, Random random);

    /** The validation images, undistorted, in batches of at most {@code batchSize}; may be empty. */
    List<Batch> validation(int batchSize);
}
