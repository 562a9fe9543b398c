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

    /** The same, written into {@code out} from its position 0 (a reusable, possibly direct, buffer). */
    void toNchw(float[] rgb, int count, int size, java.nio.FloatBuffer out) {
        int plane = size * size;
        float[] channel = new float[plane];
        for (int n = 0; n < count; n++) {
            int in = n * plane * 3;
            int base = n * 3 * plane;
            for (int c = 0; c < 3; c++) {
                int source = this == MINUS_ONE_TO_ONE ? c : 2 - c;
                float scale = this == MINUS_ONE_TO_ONE ? 1f / 127.5f : 1f;
                float shift = this == MINUS_ONE_TO_ONE ? -1f : -BGR_MEANS[c];
                for (int p = 0, i = in + source; p < plane; p++, i += 3) {
                    channel[p] = rgb[i] * scale + shift;
                }
                out.put(base + c * plane, channel);
            }
        }
    }
}
