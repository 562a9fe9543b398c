package dev.loupe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageResizerTest {

    @Test
    void shrinkingAveragesEverySourcePixel() {
        BufferedImage checker = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                checker.setRGB(x, y, (x + y) % 2 == 0 ? 0xFFFFFF : 0x000000);
            }
        }
        BufferedImage small = ImageResizer.resize(checker, 2, 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(128, (small.getRGB(x, y) >> 8) & 0xFF, 1);
            }
        }
    }

    @Test
    void producesExactlyTheRequestedSizeWhateverTheAspect() {
        BufferedImage wide = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
        BufferedImage square = ImageResizer.resize(wide, 224, 224);
        assertEquals(224, square.getWidth());
        assertEquals(224, square.getHeight());
    }

    @Test
    void enlargingKeepsAUniformColourUniform() {
        BufferedImage flat = new BufferedImage(3, 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 3; x++) {
                flat.setRGB(x, y, 0x336699);
            }
        }
        BufferedImage big = ImageResizer.resize(flat, 17, 11);
        for (int y = 0; y < 11; y++) {
            for (int x = 0; x < 17; x++) {
                assertEquals(0x336699, big.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test
    void halvingAGradientGivesTheMeanOfEachPair() {
        BufferedImage ramp = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        int[] values = {0, 100, 200, 250};
        for (int x = 0; x < 4; x++) {
            ramp.setRGB(x, 0, values[x] << 16);
        }
        BufferedImage half = ImageResizer.resize(ramp, 2, 1);
        assertEquals(50, (half.getRGB(0, 0) >> 16) & 0xFF);
        assertEquals(225, (half.getRGB(1, 0) >> 16) & 0xFF);
    }

    @Test
    void modelInputFloatsAreTheUnroundedValuesOfTheResizedImage() {
        java.awt.image.BufferedImage src = new java.awt.image.BufferedImage(37, 23, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(4);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                src.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        java.awt.image.BufferedImage rounded = ImageResizer.resize(src, 16, 16);
        float[] exact = ImageResizer.resizeToRgb(Pixels.argb(src), 37, 23, 16, 16);
        for (int i = 0; i < 256; i++) {
            int p = rounded.getRGB(i % 16, i / 16);
            assertEquals((p >> 16) & 0xFF, exact[i * 3], 0.5001);
            assertEquals((p >> 8) & 0xFF, exact[i * 3 + 1], 0.5001);
            assertEquals(p & 0xFF, exact[i * 3 + 2], 0.5001);
        }
    }

    @Test
    void aSubImageIsReadFromItsOwnCornerNotItsParents() {
        java.awt.image.BufferedImage parent = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        parent.setRGB(4, 4, 0x123456);
        java.awt.image.BufferedImage sub = parent.getSubimage(4, 4, 4, 4);
        int[] pixels = Pixels.argb(sub);
        assertEquals(16, pixels.length);
        assertEquals(0x123456, pixels[0] & 0xFFFFFF);
        assertEquals(0x123456, ImageResizer.resize(sub, 4, 4).getRGB(0, 0) & 0xFFFFFF);
    }
}
