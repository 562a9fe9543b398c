package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Several views of each image: their features averaged, and cached under their own key. */
class ViewAveragedTest {

    /** A "network" of 2x2 images whose one feature is the red value of the top-left pixel. */
    private static final class TopLeftRed implements FeatureExtractor {
        @Override
        public BackboneSpec spec() {
            return BackboneSpec.mobileNet(0.25, 128);
        }

        @Override
        public int resolution() {
            return 2;
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public String fingerprint() {
            return "top-left-red";
        }

        @Override
        public boolean pretrained() {
            return true;
        }

        @Override
        public float[][] extract(float[] rgb, int count) {
            float[][] out = new float[count][];
            for (int n = 0; n < count; n++) {
                out[n] = new float[] {rgb[n * 12]};
            }
            return out;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void eachImageIsAveragedWithItsMirrorImage() {
        // Two 2x2 images, RGB; only the red of each pixel matters here: image 0 has 10 | 30 on its top row.
        float[] rgb = {
            10, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0,
            100, 0, 0, 200, 0, 0, 0, 0, 0, 0, 0, 0};
        float[] before = rgb.clone();
        try (ViewAveraged views = ViewAveraged.of(new TopLeftRed(), 2)) {
            float[][] features = views.extract(rgb, 2);
            assertArrayEquals(new float[] {20}, features[0]);
            assertArrayEquals(new float[] {150}, features[1]);
            assertEquals("top-left-red;views=flip", views.fingerprint());
        }
        assertArrayEquals(before, rgb, "the caller's pixels are left as they were");
    }

    @Test
    void cornerCropsKeepEightyPercentOfEachSideScaledBackUp() {
        // One 10x10 image whose red value is its column number: a crop of the left 8 columns, scaled to 10, runs
        // from about 0 to 7; the right crop from about 2 to 9.
        int side = 10;
        float[] rgb = new float[side * side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                rgb[(y * side + x) * 3] = x;
            }
        }
        float[] left = ViewAveraged.corner(rgb, 1, side, 0);
        float[] right = ViewAveraged.corner(rgb, 1, side, 3);
        assertEquals(0, left[0], 1e-6, "the crop starts at the left edge");
        assertEquals(7.1, left[(side - 1) * 3], 0.01, "and ends near column 7 (pixel centres of the crop)");
        assertEquals(1.9, right[0], 0.01, "the right crop starts near column 2");
        assertEquals(9, right[(side - 1) * 3], 1e-6);
        for (int x = 1; x < side; x++) {
            assertTrue(left[x * 3] > left[(x - 1) * 3], "scaled up smoothly, in order");
        }
        assertThrows(IllegalArgumentException.class, () -> ViewAveraged.of(null, 3));
    }
}
