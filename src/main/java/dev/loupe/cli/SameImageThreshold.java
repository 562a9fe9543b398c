package dev.loupe.cli;

import dev.loupe.issues.LabelIssueFinder;
import picocli.CommandLine.Option;

/** {@code --threshold}: from which cosine similarity two images count as the same picture (duplicates, leakage). */
final class SameImageThreshold {

    @Option(names = "--threshold", paramLabel = "COSINE",
            description = "similarity from which two images count as the same picture (default: scoring's, 0.995)")
    Double threshold;

    /** The threshold asked for, or scoring's; refused outside (0, 1]. */
    double cosine() {
        double cosine = threshold != null ? threshold : LabelIssueFinder.Config.defaults().nearDuplicate();
        if (cosine <= 0 || cosine > 1) {
            throw new IllegalArgumentException("--threshold must be above 0 and at most 1");
        }
        return cosine;
    }
}
