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
        return pixels(ImageResizer.resize(decoder.decode(file, size), size, size));
    }

    /** The RGB values of an image already at {@code size x size}. */
    public float[] pixels(BufferedImage image) {
        float[] out = new float[length()];
        int[] argb = image.getRGB(0, 0, size, size, null, 0, size);
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            out[i * 3] = (p >> 16) & 0xFF;
            out[i * 3 + 1] = (p >> 8) & 0xFF;
            out[i * 3 + 2] = p & 0xFF;
        }
        return out;
    }
}
