package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NormalizationTest {

    /** One 1x2 image: a red pixel and a white one, NHWC 0..255. */
    private static final float[] PIXELS = {255, 0, 0, 255, 255, 255};

    @Test
    void mobileNetScalesToMinusOneOneInRgbPlanes() {
        float[] nchw = Normalization.MINUS_ONE_TO_ONE.toNchw(PIXELS, 1, 1);
        // 1x1 would hide the layout; use the first two values of a 2-pixel plane instead.
        float[] wide = Normalization.MINUS_ONE_TO_ONE.toNchw(new float[] {255, 0, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0}, 1, 2);
        assertArrayEquals(new float[] {1, -1, -1}, nchw, 1e-6f);
        assertArrayEquals(new float[] {1, 1, -1, -1, -1, 1, -1, -1, -1, 1, -1, -1}, wide, 1e-6f);
    }

    @Test
    void caffeStyleIsBgrWithImageNetMeansSubtracted() {
        float[] nchw = Normalization.CAFFE_BGR_MEANS.toNchw(PIXELS, 1, 1);
        assertArrayEquals(new float[] {0 - 103.939f, 0 - 116.779f, 255 - 123.68f}, nchw, 1e-3f);
    }

    @Test
    void batchesOfLargeImagesLandInTheirPlanes() {
        // Two 50x50 images: planes of 2,500 pixels, larger than one block of the converter.
        int size = 50;
        int plane = size * size;
        float[] rgb = new float[2 * plane * 3];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextInt(256);
        }
        for (Normalization normalization : Normalization.values()) {
            float[] nchw = normalization.toNchw(rgb, 2, size);
            for (int n = 0; n < 2; n++) {
                for (int p = 0; p < plane; p++) {
                    float r = rgb[(n * plane + p) * 3];
                    float g = rgb[(n * plane + p) * 3 + 1];
                    float b = rgb[(n * plane + p) * 3 + 2];
                    float[] expected = normalization == Normalization.MINUS_ONE_TO_ONE
                            ? new float[] {r / 127.5f - 1, g / 127.5f - 1, b / 127.5f - 1}
                            : new float[] {b - 103.939f, g - 116.779f, r - 123.68f};
                    for (int c = 0; c < 3; c++) {
                        assertEquals(expected[c], nchw[(n * 3 + c) * plane + p], 1e-4f, normalization + " " + n + "/" + c + "/" + p);
                    }
                }
            }
        }
    }
}
