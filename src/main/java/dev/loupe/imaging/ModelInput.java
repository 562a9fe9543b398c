package dev.loupe.imaging;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Turns image files into the square RGB pixel arrays that backbones take. */
public final class ModelInput {

    private final ImageDecoder decoder = new ImageDecoder();
    private final int size;

    public ModelInput(int size) {
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Floats per image: {@code size * size * 3}. */
    public int length() {
        return size * size * 3;
    }

    /**
     * Decodes, orients and resizes {@code file} to {@code size x size}, as NHWC RGB floats in 0..255.
     *
     * @throws ImageDecodeException when the file cannot be decoded
     */
    public float[] load(Path file) {
        float[] out = new float[length()];
        load(file, out, 0);
        return out;
    }

    /**
     * The same, written into {@code out} from {@code offset} ({@link #length()} floats): lets a batch be
     * decoded in place, with no per-image arrays.
     *
     * @throws ImageDecodeException when the file cannot be decoded ({@code out} may then hold anything there)
     */
    public void load(Path file, float[] out, int offset) {
        BufferedImage decoded = decoder.decode(file, size);
        int[] argb = Pixels.argb(decoded);
        if (decoded.getWidth() == size && decoded.getHeight() == size) {
            for (int i = 0, o = offset; i < argb.length; i++, o += 3) {
                int p = argb[i];
                out[o] = (p >> 16) & 0xFF;
                out[o + 1] = (p >> 8) & 0xFF;
                out[o + 2] = p & 0xFF;
            }
        } else {
            ImageResizer.resizeToRgb(argb, decoded.getWidth(), decoded.getHeight(), size, size, out, offset);
        }
    }
}
