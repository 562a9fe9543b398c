package dev.loupe.imaging;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * retrain.py's image distortions, with the same meaning:
 * <ul>
 *   <li>{@code flipLeftRight}: mirror half of the images horizontally;</li>
 *   <li>{@code randomCrop} (percent): margin around the image from which a random window is cut;</li>
 *   <li>{@code randomScale} (percent): how much larger than that the image may randomly be scaled first;</li>
 *   <li>{@code randomBrightness} (percent): multiply pixels by a random factor in 1 ± percent/100.</li>
 * </ul>
 */
public record Augmentation(boolean flipLeftRight, int randomCrop, int randomScale, int randomBrightness) {

    public static final Augmentation NONE = new Augmentation(false, 0, 0, 0);

    public Augmentation {
        if (randomCrop < 0 || randomScale < 0 || randomBrightness < 0 || randomBrightness > 100) {
            throw new IllegalArgumentException("distortion percentages must be 0 or more (brightness at most 100)");
        }
    }

    public boolean any() {
        return flipLeftRight || randomCrop > 0 || randomScale > 0 || randomBrightness > 0;
    }

    /** Distorts an upright RGB image and returns {@code size x size} RGB pixels (NHWC floats, 0..255). */
    public float[] apply(BufferedImage image, int size, Random random) {
        double margin = 1 + randomCrop / 100.0;
        double scale = 1 + random.nextDouble() * randomScale / 100.0;
        int pre = (int) Math.round(size * margin * scale);
        BufferedImage resized = ImageResizer.resize(image, pre, pre);
        int x0 = pre > size ? random.nextInt(pre - size + 1) : 0;
        int y0 = pre > size ? random.nextInt(pre - size + 1) : 0;
        boolean flip = flipLeftRight && random.nextBoolean();
        double brightness = 1 + (random.nextDouble() * 2 - 1) * randomBrightness / 100.0;
        int[] pixels = Pixels.argb(resized);
        float[] out = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            int row = (y0 + y) * pre + x0;
            for (int x = 0; x < size; x++) {
                int p = pixels[row + (flip ? size - 1 - x : x)];
                int o = (y * size + x) * 3;
                out[o] = clamp(((p >> 16) & 0xFF) * brightness);
                out[o + 1] = clamp(((p >> 8) & 0xFF) * brightness);
                out[o + 2] = clamp((p & 0xFF) * brightness);
            }
        }
        return out;
    }

    private static float clamp(double v) {
        return (float) Math.max(0, Math.min(255, v));
    }
}
