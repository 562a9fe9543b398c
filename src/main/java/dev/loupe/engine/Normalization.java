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
        int plane = size * size;
        float[] out = new float[count * 3 * plane];
        for (int n = 0; n < count; n++) {
            int in = n * plane * 3;
            int base = n * 3 * plane;
            for (int p = 0; p < plane; p++) {
                float r = rgb[in + p * 3];
                float g = rgb[in + p * 3 + 1];
                float b = rgb[in + p * 3 + 2];
                if (this == MINUS_ONE_TO_ONE) {
                    out[base + p] = r / 127.5f - 1f;
                    out[base + plane + p] = g / 127.5f - 1f;
                    out[base + 2 * plane + p] = b / 127.5f - 1f;
                } else {
                    out[base + p] = b - BGR_MEANS[0];
                    out[base + plane + p] = g - BGR_MEANS[1];
                    out[base + 2 * plane + p] = r - BGR_MEANS[2];
                }
            }
        }
        return out;
    }
}
