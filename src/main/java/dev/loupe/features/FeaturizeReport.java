package dev.loupe.features;

import java.time.Duration;
import java.util.Map;

/**
 * What a featurizing run did.
 *
 * @param images    distinct images (by content) in the dataset
 * @param computed  images featurized in this run
 * @param cached    images whose features were already cached
 * @param failures  catalog path → reason, for images that could not be decoded
 */
public record FeaturizeReport(int images, int computed, int cached, Map<String, String> failures, Duration elapsed) {

    /** Images featurized per second in this run (0 when nothing was computed). */
    public double imagesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return computed == 0 || seconds <= 0 ? 0 : computed / seconds;
    }
}
