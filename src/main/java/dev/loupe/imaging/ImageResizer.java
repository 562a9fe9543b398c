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
        int[] source = Pixels.argb(rgb);
        int[] out = resize(source, rgb.getWidth(), rgb.getHeight(), width, height);
        return Pixels.image(out == source ? out.clone() : out, width, height);
    }

    /**
     * Resizes packed RGB pixels ({@code sw x sh}, row-major) to {@code width x height}. Returns a new array,
     * except that pixels already at the target size come back unchanged.
     */
    static int[] resize(int[] pixels, int sw, int sh, int width, int height) {
        if (sw == width && sh == height) {
            return pixels;
        }
        float[] rgb = resizeToRgb(pixels, sw, sh, width, height);
        int[] out = new int[width * height];
        for (int i = 0, j = 0; i < out.length; i++, j += 3) {
            out[i] = round(rgb[j]) << 16 | round(rgb[j + 1]) << 8 | round(rgb[j + 2]);
        }
        return out;
    }

    /** Per-thread scratch for the horizontal pass: resizing a batch allocates nothing large per image. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * Resizes packed RGB pixels ({@code sw x sh}) to {@code width x height} interleaved RGB floats in 0..255,
     * not rounded (a network takes the exact averages; rounding cost more than the resampling).
     */
    static float[] resizeToRgb(int[] pixels, int sw, int sh, int width, int height) {
        float[] out = new float[height * width * 3];
        resizeToRgb(pixels, sw, sh, width, height, out, 0);
        return out;
    }

    /** The same, written into {@code out} from {@code offset} (which it overwrites). */
    static void resizeToRgb(int[] pixels, int sw, int sh, int width, int height, float[] out, int offset) {
        Taps xs = taps(sw, width);
        Taps ys = taps(sh, height);
        int rowLength = width * 3;
        float[] horizontal = SCRATCH.get();
        if (horizontal.length < sh * rowLength) {
            horizontal = new float[sh * rowLength];
            SCRATCH.set(horizontal);
        }
        if (sw == width) {
            // Same width: the horizontal pass is an unpacking.
            for (int i = 0, n = sh * sw; i < n; i++) {
                int p = pixels[i];
                horizontal[i * 3] = (p >> 16) & 0xFF;
                horizontal[i * 3 + 1] = (p >> 8) & 0xFF;
                horizontal[i * 3 + 2] = p & 0xFF;
            }
        } else {
            for (int y = 0; y < sh; y++) {
                int row = y * sw;
                int o = y * rowLength;
                for (int x = 0; x < width; x++, o += 3) {
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
                    horizontal[o] = r;
                    horizontal[o + 1] = g;
                    horizontal[o + 2] = b;
                }
            }
        }
        for (int y = 0; y < height; y++) {
            int to = offset + y * rowLength;
            int k = ys.start[y];
            int from = ys.index[k] * rowLength;
            float w = ys.weight[k];
            for (int i = 0; i < rowLength; i++) {
                out[to + i] = horizontal[from + i] * w;
            }
            for (k++; k < ys.start[y + 1]; k++) {
                from = ys.index[k] * rowLength;
                w = ys.weight[k];
                for (int i = 0; i < rowLength; i++) {
                    out[to + i] += horizontal[from + i] * w;
                }
            }
        }
    }

    /** Rounds half up and clamps to 0..255 (weights are never negative, so sums are not either). */
    private static int round(float v) {
        return Math.min(255, (int) (v + 0.5f));
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
}
