package dev.loupe.testing;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.FeatureExtractor;

/**
 * A stand-in backbone for tests: the features are the 16x16 pixels themselves, centred on grey. Different
 * pictures get clearly different vectors; only the same picture (or a very close copy) gets the same.
 */
public final class PixelFeatures implements FeatureExtractor {

    private static final int SIDE = 16;

    @Override
    public BackboneSpec spec() {
        return BackboneSpec.mobileNet(0.25, 128);
    }

    @Override
    public int resolution() {
        return SIDE;
    }

    @Override
    public int dimension() {
        return SIDE * SIDE * 3;
    }

    @Override
    public String fingerprint() {
        return "test-pixel-features";
    }

    @Override
    public boolean pretrained() {
        return true;
    }

    @Override
    public float[][] extract(float[] rgb, int count) {
        int d = dimension();
        float[][] out = new float[count][d];
        for (int n = 0; n < count; n++) {
            for (int j = 0; j < d; j++) {
                out[n][j] = (rgb[n * d + j] - 127.5f) / 127.5f;
            }
        }
        return out;
    }

    @Override
    public void close() {
    }
}
