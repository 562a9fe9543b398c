package dev.loupe.engine;

/**
 * A backbone whose feature vector of an image is the mean of the vectors of the image and of its mirror image
 * (flipped left to right): a second view that steadies features against which way a scene happens to face, at
 * the cost of a second forward pass (decoding, often the larger cost, happens once). Its fingerprint says so, so
 * the feature cache keeps single-view and two-view vectors apart.
 */
public final class FlipAveraged implements FeatureExtractor {

    /** What the fingerprint gets appended. */
    static final String SUFFIX = ";views=flip";

    private final FeatureExtractor base;

    public FlipAveraged(FeatureExtractor base) {
        this.base = base;
    }

    @Override
    public BackboneSpec spec() {
        return base.spec();
    }

    @Override
    public int dimension() {
        return base.dimension();
    }

    @Override
    public int resolution() {
        return base.resolution();
    }

    @Override
    public String fingerprint() {
        return base.fingerprint() + SUFFIX;
    }

    @Override
    public boolean pretrained() {
        return base.pretrained();
    }

    @Override
    public float[][] extract(float[] rgb, int count) {
        int side = resolution();
        int length = side * side * 3;
        float[] mirrored = new float[count * length];
        for (int n = 0; n < count; n++) {
            for (int y = 0; y < side; y++) {
                int row = n * length + y * side * 3;
                for (int x = 0; x < side; x++) {
                    int from = row + x * 3;
                    int to = row + (side - 1 - x) * 3;
                    mirrored[to] = rgb[from];
                    mirrored[to + 1] = rgb[from + 1];
                    mirrored[to + 2] = rgb[from + 2];
                }
            }
        }
        float[][] plain = base.extract(rgb, count);
        for (int n = 0; n < count; n++) {
            plain[n] = plain[n].clone(); // a backend may hand out its own buffers again on the next call
        }
        float[][] flipped = base.extract(mirrored, count);
        float[][] out = new float[count][];
        for (int n = 0; n < count; n++) {
            float[] v = new float[plain[n].length];
            for (int j = 0; j < v.length; j++) {
                v[j] = (plain[n][j] + flipped[n][j]) / 2;
            }
            out[n] = v;
        }
        return out;
    }

    @Override
    public void close() {
        base.close();
    }
}
