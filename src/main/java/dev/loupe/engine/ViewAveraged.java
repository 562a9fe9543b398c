package dev.loupe.engine;

/**
 * A backbone whose feature vector of an image is the mean of its vectors under a few fixed views: with two
 * views, the image and its mirror image (flipped left to right); with six, also its four corner crops of 80%
 * of each side, scaled back up to the network's input. More views steady the features against which way a
 * scene faces and what sits at its edges, at the cost of one more forward pass per view (decoding, often the
 * larger cost, happens once). Its fingerprint names the views, so the feature cache keeps them apart.
 */
public final class ViewAveraged implements FeatureExtractor {

    /** The share of each side a corner crop keeps. */
    static final double CROP = 0.8;

    private final FeatureExtractor base;
    private final int views;

    private ViewAveraged(FeatureExtractor base, int views) {
        this.base = base;
        this.views = views;
    }

    /** {@code base} averaged over {@code views} views: 2 (image and mirror image) or 6 (and four corner crops). */
    public static ViewAveraged of(FeatureExtractor base, int views) {
        if (views != 2 && views != 6) {
            throw new IllegalArgumentException("--views must be 1, 2 (the image and its mirror image) or 6 (and its "
                    + "four corner crops)");
        }
        return new ViewAveraged(base, views);
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
        return base.fingerprint() + (views == 2 ? ";views=flip" : ";views=flip+corners80");
    }

    @Override
    public boolean pretrained() {
        return base.pretrained();
    }

    @Override
    public float[][] extract(float[] rgb, int count) {
        int side = resolution();
        float[][] sum = null;
        for (int view = 0; view < views; view++) {
            float[] input = view == 0 ? rgb : view == 1 ? mirrored(rgb, count, side) : corner(rgb, count, side, view - 2);
            float[][] features = base.extract(input, count);
            if (sum == null) {
                sum = new float[count][];
                for (int n = 0; n < count; n++) {
                    sum[n] = features[n].clone(); // a backend may hand out its own buffers again on the next call
                }
            } else {
                for (int n = 0; n < count; n++) {
                    for (int j = 0; j < sum[n].length; j++) {
                        sum[n][j] += features[n][j];
                    }
                }
            }
        }
        for (float[] v : sum) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= views;
            }
        }
        return sum;
    }

    /** The images flipped left to right (a new array: the caller's pixels stay as they are). */
    static float[] mirrored(float[] rgb, int count, int side) {
        int length = side * side * 3;
        float[] out = new float[count * length];
        for (int n = 0; n < count; n++) {
            for (int y = 0; y < side; y++) {
                int row = n * length + y * side * 3;
                for (int x = 0; x < side; x++) {
                    int from = row + x * 3;
                    int to = row + (side - 1 - x) * 3;
                    out[to] = rgb[from];
                    out[to + 1] = rgb[from + 1];
                    out[to + 2] = rgb[from + 2];
                }
            }
        }
        return out;
    }

    /**
     * Corner {@code which} (0 top left, 1 top right, 2 bottom left, 3 bottom right) of each image, {@link #CROP}
     * of each side, scaled back to {@code side} by bilinear interpolation.
     */
    static float[] corner(float[] rgb, int count, int side, int which) {
        int length = side * side * 3;
        double crop = side * CROP;
        double x0 = (which % 2 == 0) ? 0 : side - crop;
        double y0 = (which < 2) ? 0 : side - crop;
        double step = crop / side;
        float[] out = new float[count * length];
        for (int n = 0; n < count; n++) {
            int base = n * length;
            for (int y = 0; y < side; y++) {
                double sy = Math.max(0, Math.min(side - 1, y0 + (y + 0.5) * step - 0.5));
                int ya = (int) sy;
                int yb = Math.min(side - 1, ya + 1);
                double fy = sy - ya;
                for (int x = 0; x < side; x++) {
                    double sx = Math.max(0, Math.min(side - 1, x0 + (x + 0.5) * step - 0.5));
                    int xa = (int) sx;
                    int xb = Math.min(side - 1, xa + 1);
                    double fx = sx - xa;
                    for (int c = 0; c < 3; c++) {
                        double top = rgb[base + (ya * side + xa) * 3 + c] * (1 - fx) + rgb[base + (ya * side + xb) * 3 + c] * fx;
                        double bottom = rgb[base + (yb * side + xa) * 3 + c] * (1 - fx) + rgb[base + (yb * side + xb) * 3 + c] * fx;
                        out[base + (y * side + x) * 3 + c] = (float) (top * (1 - fy) + bottom * fy);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        base.close();
    }
}
