package dev.loupe.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    /** Left half black, right half white. */
    private static BufferedImage halves() {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 8; x < 16; x++) {
                image.setRGB(x, y, 0xFFFFFF);
            }
        }
        return image;
    }

    @Test
    void noDistortionIsAPlainResize() {
        float[] out = Augmentation.NONE.apply(halves(), 8, new Random(1));
        assertEquals(0, out[0]);
        assertEquals(255, out[(7) * 3]);
    }

    @Test
    void flipMirrorsAboutHalfTheImages() {
        Augmentation flip = new Augmentation(true, 0, 0, 0);
        Random random = new Random(3);
        int mirrored = 0;
        for (int i = 0; i < 200; i++) {
            mirrored += flip.apply(halves(), 8, random)[0] == 255 ? 1 : 0;
        }
        assertEquals(100, mirrored, 25);
    }

    @Test
    void brightnessStaysWithinItsPercentage() {
        BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                gray.setRGB(x, y, 0x646464);
            }
        }
        Augmentation bright = new Augmentation(false, 0, 0, 20);
        Random random = new Random(4);
        float min = 255;
        float max = 0;
        for (int i = 0; i < 100; i++) {
            float v = bright.apply(gray, 4, random)[0];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(80, min, 3);
        assertEquals(120, max, 3);
    }

    @Test
    void cropAndScaleMoveTheWindowButKeepTheSize() {
        Augmentation crop = new Augmentation(false, 50, 30, 0);
        float[] a = crop.apply(halves(), 8, new Random(1));
        float[] b = crop.apply(halves(), 8, new Random(2));
        assertEquals(8 * 8 * 3, a.length);
        assertNotEquals(Arrays.toString(a), Arrays.toString(b));
        assertArrayEquals(a, crop.apply(halves(), 8, new Random(1)));
    }

    @Test
    void negativePercentagesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, -1, 0, 0));
    }
}
