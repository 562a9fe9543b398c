package dev.loupe.issues;

import java.util.Locale;

/** How suspicious an image is, from its out-of-fold probabilities; higher is more suspicious. */
public enum Ranking {
    /** 1 - p(given label): the default (Northcutt et al. found it ranks label errors best). */
    SELF_CONFIDENCE("self-confidence"),
    /** (best other class - given label + 1) / 2. */
    MARGIN("margin"),
    /** Entropy of the probabilities, normalised to 0..1. */
    ENTROPY("entropy");

    private final String code;

    Ranking(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Ranking parse(String value) {
        for (Ranking r : values()) {
            if (r.code.equals(value.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("--rank must be self-confidence, margin or entropy; got " + value);
    }

    public double score(double[] p, int given) {
        return switch (this) {
            case SELF_CONFIDENCE -> 1 - p[given];
            case MARGIN -> {
                double other = 0;
                for (int c = 0; c < p.length; c++) {
                    if (c != given) {
                        other = Math.max(other, p[c]);
                    }
                }
                yield (other - p[given] + 1) / 2;
            }
            case ENTROPY -> {
                double h = 0;
                for (double v : p) {
                    if (v > 0) {
                        h -= v * Math.log(v);
                    }
                }
                yield p.length > 1 ? h / Math.log(p.length) : 0;
            }
        };
    }
}
