package dev.loupe.testing;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.FeatureExtractor;

/** A stand-in backbone for tests: features are each channel's mean and spread. Fast and meaningful. */
public final class ColourFeatures implements FeatureExtractor {

    @Override
    public BackboneSpec spec() {
        return BackboneSpec.mobileNet(0.25, 128);
    }

    @Override
    public int resolution() {
        return 16;
    }

    @Override
    public int dimension() {
        return 6;
    }

    @Override
    public String fingerprint() {
        return "test-colour-features";
    }

    @Override
    public boolean pretrained() {
        return true;
    }

    @Override
    public float[][] extract(float[] rgb, int count) {
        int plane = 16 * 16;
        float[][] out = new float[count][6];
        for (int n = 0; n < count; n++) {
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                double sq = 0;
                for (int p = 0; p < plane; p++) {
                    double v = rgb[(n * plane + p) * 3 + c] / 255.0;
                    sum += v;
                    sq += v * v;
                }
                double mean = sum / plane;
                out[n][c] = (float) mean;
                out[n][3 + c] = (float) Math.sqrt(Math.max(0, sq / plane - mean * mean));
            }
        }
        return out;
    }

    @Override
    public void close() {
    }
}
