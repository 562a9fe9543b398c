package dev.loupe.work;

/** Small operations on probability vectors that scoring, training and the window share. */
public final class Vectors {

    private Vectors() {
    }

    /** Index of the largest value (the first of equals); -1 for an empty vector. */
    public static int argmax(double[] p) {
        return argmax(p, -1);
    }

    /** Index of the largest value skipping {@code except} (-1 to skip none); -1 when nothing is left. */
    public static int argmax(double[] p, int except) {
        int best = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != except && (best < 0 || p[c] > p[best])) {
                best = c;
            }
        }
        return best;
    }
}
