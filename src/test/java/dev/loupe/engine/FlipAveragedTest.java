package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Two views: the features of an image and of its mirror image, averaged, and cached under their own key. */
class FlipAveragedTest {

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
        try (FlipAveraged views = new FlipAveraged(new TopLeftRed())) {
            float[][] features = views.extract(rgb, 2);
            assertArrayEquals(new float[] {20}, features[0]);
            assertArrayEquals(new float[] {150}, features[1]);
            assertEquals("top-left-red;views=flip", views.fingerprint());
        }
        assertArrayEquals(before, rgb, "the caller's pixels are left as they were");
    }
}
