package dev.loupe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderTest {

    private static final int RED = 0xFF0000;
    private static final int BLUE = 0x0000FF;

    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void smallImageDecodesAtItsOwnSize() {
        Path file = TestImages.write(dir.resolve("a.jpg"), "jpg", 64, 48, 1);
        BufferedImage image = decoder.decode(file, 224);
        assertEquals(64, image.getWidth());
        assertEquals(48, image.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
    }

    @Test
    void hugeImageIsSubsampledWhileDecoding() throws Exception {
        BufferedImage big = new BufferedImage(6000, 4000, BufferedImage.TYPE_BYTE_GRAY);
        Path file = dir.resolve("big.png");
        ImageIO.write(big, "png", file.toFile());
        BufferedImage image = decoder.decode(file, 224);
        int shorter = Math.min(image.getWidth(), image.getHeight());
        assertTrue(shorter >= 224 && shorter < 448, image.getWidth() + "x" + image.getHeight());
        assertEquals(1.5, (double) image.getWidth() / image.getHeight(), 0.02);
    }

    @Test
    void exifOrientationSixIsTurnedUpright() throws Exception {
        Path file = TestImages.bytes(dir.resolve("phone.jpg"), redAndBlueHalves(40, 20, 6));

        BufferedImage image = decoder.decode(file, 20);
        assertEquals(20, image.getWidth());
        assertEquals(40, image.getHeight());
        assertTrue(isReddish(image.getRGB(10, 5)), "top should be the red left half");
        assertTrue(isBluish(image.getRGB(10, 35)), "bottom should be the blue right half");
    }

    /** Stored 3x2 pixels a b c / d e f; the upright picture for each EXIF orientation, row by row. */
    @ParameterizedTest
    @CsvSource({"1, 3, abc/def", "2, 3, cba/fed", "3, 3, fed/cba", "4, 3, def/abc", "5, 2, ad/be/cf",
        "6, 2, da/eb/fc", "7, 2, fc/eb/da", "8, 2, cf/be/ad"})
    void orientationsMapPixelsLikeExifSays(int orientation, int width, String expected) {
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        String letters = "abcdef";
        for (int i = 0; i < 6; i++) {
            stored.setRGB(i % 3, i / 3, letters.charAt(i));
        }
        BufferedImage upright = ImageDecoder.orient(stored, orientation);
        assertEquals(width, upright.getWidth());
        StringBuilder actual = new StringBuilder();
        for (int y = 0; y < upright.getHeight(); y++) {
            if (y > 0) {
                actual.append('/');
            }
            for (int x = 0; x < upright.getWidth(); x++) {
                actual.append((char) (upright.getRGB(x, y) & 0xFFFFFF));
            }
        }
        assertEquals(expected, actual.toString());
    }

    @Test
    void transparencyIsCompositedOnWhite() throws Exception {
        BufferedImage clear = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        Path file = dir.resolve("clear.png");
        ImageIO.write(clear, "png", file.toFile());
        assertEquals(0xFFFFFF, decoder.decode(file, 8).getRGB(3, 3) & 0xFFFFFF);
    }

    @Test
    void sixteenBitGrayBecomesRgb() throws Exception {
        BufferedImage deep = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(2, 2, 0, 65535);
        Path file = dir.resolve("deep.png");
        ImageIO.write(deep, "png", file.toFile());
        BufferedImage rgb = decoder.decode(file, 8);
        assertEquals(0xFFFFFF, rgb.getRGB(2, 2) & 0xFFFFFF);
        assertEquals(0, rgb.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void cmykJpegDecodes() throws Exception {
        WritableRaster cmyk = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 16, 12, 4, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        }
        Path file = TestImages.bytes(dir.resolve("print.jpg"), bytes.toByteArray());
        BufferedImage rgb = decoder.decode(file, 8);
        assertEquals(16, rgb.getWidth());
        assertEquals(12, rgb.getHeight());
    }

    @Test
    void garbageGivesAReasonNotACrash() {
        Path file = TestImages.bytes(dir.resolve("x.jpg"), "not an image at all".getBytes());
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(file, 8));
        assertEquals("not an image in a supported format", e.getMessage());
    }

    @Test
    void missingFileGivesAReason() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> decoder.decode(dir.resolve("gone.jpg"), 8));
        assertEquals("file not found", e.getMessage());
        assertTrue(Files.notExists(dir.resolve("gone.jpg")));
    }

    private static boolean isReddish(int rgb) {
        return ((rgb >> 16) & 0xFF) > 180 && (rgb & 0xFF) < 80;
    }

    private static boolean isBluish(int rgb) {
        return (rgb & 0xFF) > 180 && ((rgb >> 16) & 0xFF) < 80;
    }

    /** A JPEG whose left half is red and right half blue, stored with the given EXIF orientation. */
    static byte[] redAndBlueHalves(int width, int height, int orientation) throws IOException {
        BufferedImage halves = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = halves.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(halves, "jpg", jpeg);
        return withExifOrientation(jpeg.toByteArray(), orientation);
    }

    /** Inserts an EXIF APP1 segment holding only an orientation tag right after the JPEG's SOI marker. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
            0, 0, 0, 0};
        byte[] header = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + header.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(header);
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
