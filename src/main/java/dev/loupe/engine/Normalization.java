package dev.loupe.engine;

/** How a backbone expects its input pixels (0..255 RGB) to be scaled. */
public enum Normalization {
    /** MobileNet, Inception: {@code x / 127.5 - 1}, RGB. */
    MINUS_ONE_TO_ONE,
    /** Caffe-style ResNet and VGG: BGR order, ImageNet channel means subtracted, no scaling. */
    CAFFE_BGR_MEANS;

    private static final float[] BGR_MEANS = {103.939f, 116.779f, 123.68f};

    /**
     * Converts NHWC RGB 0..255 pixels to the normalized NCHW layout DL4J and ONNX graphs take.
     */
    public float[] toNchw(float[] rgb, int count, int size) {
        float[] out = new float[count * 3 * size * size];
        toNchw(rgb, count, size, java.nio.FloatBuffer.wrap(out));
        return out;
    }

    /** Pixels normalized per pass: three planes' worth of scratch that stays in the first-level cache. */
    private static final int BLOCK = 2048;

    /**
     * The same, written into {@code out} from its position 0 (a reusable, possibly direct, buffer). One pass over
     * the input, a block of pixels at a time, each pixel's three values read together.
     */
    void toNchw(float[] rgb, int count, int size, java.nio.FloatBuffer out) {
        int plane = size * size;
        float[] c0 = new float[BLOCK];
        float[] c1 = new float[BLOCK];
        float[] c2 = new float[BLOCK];
        boolean rgbOrder = this == MINUS_ONE_TO_ONE;
        float scale = rgbOrder ? 1f / 127.5f : 1f;
        // Output channel k reads input channel (rgbOrder ? k : 2 - k) and adds shift k.
        float s0 = rgbOrder ? -1f : -BGR_MEANS[0];
        float s1 = rgbOrder ? -1f : -BGR_MEANS[1];
        float s2 = rgbOrder ? -1f : -BGR_MEANS[2];
        int first = rgbOrder ? 0 : 2;
        int last = rgbOrder ? 2 : 0;
        for (int n = 0; n < count; n++) {
            int in = n * plane * 3;
            int base = n * 3 * plane;
            for (int from = 0; from < plane; from += BLOCK) {
                int length = Math.min(BLOCK, plane - from);
                for (int p = 0, i = in + from * 3; p < length; p++, i += 3) {
                    c0[p] = rgb[i + first] * scale + s0;
                    c1[p] = rgb[i + 1] * scale + s1;
                    c2[p] = rgb[i + last] * scale + s2;
                }
                out.put(base + from, c0, 0, length);
                out.put(base + plane + from, c1, 0, length);
                out.put(base + 2 * plane + from, c2, 0, length);
            }
        }
    }
}
