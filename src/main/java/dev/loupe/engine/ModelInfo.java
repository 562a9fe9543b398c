package dev.loupe.engine;

import java.util.List;
import java.util.Map;

/**
 * What a saved model is and where it came from; written as {@code model.json} in a bundle.
 *
 * @param format        bundle format version (readers accept this and every older one)
 * @param architecture  backbone name, e.g. {@code mobilenet-0.25-224}
 * @param preprocessing how pixels are prepared, in words
 * @param classes       output classes, in order (also {@code labels.txt})
 * @param metrics       e.g. {@code test_accuracy}
 * @param provenance    data fingerprint, configuration, seed, weights, creation date
 * @param checksums     SHA-256 of the bundle's other files ({@code model.zip}, {@code labels.txt}), checked on
 *                      loading; absent in bundles written before Loupe checked them
 */
public record ModelInfo(int format, String architecture, double alpha, int resolution, String preprocessing,
                        List<String> classes, Map<String, Object> metrics, Map<String, Object> provenance,
                        Map<String, String> checksums) {

    public static final int FORMAT = 1;

    /** The same information with the files' checksums. */
    public ModelInfo withChecksums(Map<String, String> sums) {
        return new ModelInfo(format, architecture, alpha, resolution, preprocessing, classes, metrics, provenance,
                Map.copyOf(sums));
    }
}
