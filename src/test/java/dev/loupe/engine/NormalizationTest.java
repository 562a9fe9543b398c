package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
