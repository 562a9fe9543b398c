package dev.loupe.dataset;

import java.util.Locale;

/**
 * Train / validation / test assignment decided by an image's content hash (retrain.py hashed the file name,
 * so a relabelled or renamed image jumped between sets). Moving an image between classes never changes its
 * split, and the test set stays the same across rounds.
 */
public final class StableSplit {

    /** The three sets. */
    public enum Part {
        TRAIN, VALIDATION, TEST;

        /** Folder name in exports: {@code train}, {@code val}, {@code test}. */
        public String folder() {
            return switch (this) {
                case TRAIN -> "train";
                case VALIDATION -> "val";
                case TEST -> "test";
            };
        }
    }

    private final int validationPercent;
    private final int testPercent;

    public StableSplit(int validationPercent, int testPercent) {
        if (validationPercent < 0 || testPercent < 0 || validationPercent + testPercent >= 100) {
            throw new IllegalArgumentException("validation and testing percentages must be 0 or more and leave "
                    + "room for training; got " + validationPercent + "% and " + testPercent + "%");
        }
        this.validationPercent = validationPercent;
        this.testPercent = testPercent;
    }

    /** retrain.py's defaults: 10% validation, 10% testing. */
    public static StableSplit defaults() {
        return new StableSplit(10, 10);
    }

    /** The set an image belongs to, from its lower-case hex SHA-256. */
    public Part of(String sha256) {
        long bucket = Long.parseUnsignedLong(sha256.substring(0, 12).toLowerCase(Locale.ROOT), 16) % 10_000;
        double percent = bucket / 100.0;
        if (percent < testPercent) {
            return Part.TEST;
        }
        if (percent < testPercent + validationPercent) {
            return Part.VALIDATION;
        }
        return Part.TRAIN;
    }
}
