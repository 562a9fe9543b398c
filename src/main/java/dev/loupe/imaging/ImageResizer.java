package dev.loupe.imaging;

import java.awt.image.BufferedImage;

/**
 * Resamples RGB images: area averaging when shrinking (every source pixel counts, no aliasing), bilinear
 * when enlarging. Separable, pure Java, deterministic.
 */
public final class ImageResizer {

    private ImageResizer() {
    }

    /** Resizes {@code src} to exactly {@code width} x {@code height} (aspect ratio not kept). */
    public static BufferedImage resize(BufferedImage src, int width, int height) {
        BufferedImage rgb = ImageDecoder.toRgb(src);
        int sw = rgb.getWidth();
        int sh = rgb.getHeight();
        int[] pixels = rgb.getRGB(0, 0, sw, sh, null, 0, sw);
        if (sw == width && sh == height) {
            BufferedImage copy = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            copy.setRGB(0, 0, width, height, pixels, 0, width);
            return copy;
        }
        Taps xs = taps(sw, width);
        Taps ys = taps(sh, height);
        float[] horizontal = new float[sh * width * 3];
        for (int y = 0; y < sh; y++) {
            int row = y * sw;
            for (int x = 0; x < width; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = xs.start[x]; k < xs.start[x + 1]; k++) {
                    int p = pixels[row + xs.index[k]];
                    float w = xs.weight[k];
                    r += ((p >> 16) & 0xFF) * w;
                    g += ((p >> 8) & 0xFF) * w;
                    b += (p & 0xFF) * w;
                }
                int o = (y * width + x) * 3;
                horizontal[o] = r;
                horizontal[o + 1] = g;
                horizontal[o + 2] = b;
            }
        }
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = ys.start[y]; k < ys.start[y + 1]; k++) {
                    int o = (ys.index[k] * width + x) * 3;
                    float w = ys.weight[k];
                    r += horizontal[o] * w;
                    g += horizontal[o + 1] * w;
                    b += horizontal[o + 2] * w;
                }
                out[y * width + x] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
        }
        BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, width, height, out, 0, width);
        return result;
    }

    /** For each output index, the source indices and weights (compressed: start[i]..start[i+1]). */
    private record Taps(int[] start, int[] index, float[] weight) {
    }

    private static Taps taps(int in, int out) {
        double scale = (double) in / out;
        int[] start = new int[out + 1];
        int maxTaps = (int) Math.ceil(Math.max(scale, 1)) + 2;
        int[] index = new int[out * maxTaps];
        float[] weight = new float[out * maxTaps];
        int n = 0;
        for (int i = 0; i < out; i++) {
            start[i] = n;
            if (scale >= 1) {
                double lo = i * scale;
                double hi = lo + scale;
                for (int s = (int) Math.floor(lo); s < Math.ceil(hi) && s < in; s++) {
                    double cover = Math.min(hi, s + 1) - Math.max(lo, s);
                    if (cover > 1e-9) {
                        index[n] = s;
                        weight[n++] = (float) (cover / scale);
                    }
                }
            } else {
                double centre = (i + 0.5) * scale - 0.5;
                int s0 = (int) Math.floor(centre);
                double f = centre - s0;
                int a = Math.max(0, Math.min(in - 1, s0));
                int b = Math.max(0, Math.min(in - 1, s0 + 1));
                index[n] = a;
                weight[n++] = (float) (1 - f);
                index[n] = b;
                weight[n++] = (float) f;
            }
        }
        start[out] = n;
        return new Taps(start, index, weight);
    }

    private static int clamp(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : Math.min(255, i);
    }
}
