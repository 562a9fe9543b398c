package dev.loupe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageProbeTest {

    @TempDir
    Path dir;

    private final ImageProbe probe = new ImageProbe();

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png", "bmp", "gif"})
    void readsDimensionsOfEverySupportedFormat(String format) {
        Path file = TestImages.write(dir.resolve("a." + format), format, 40, 30, 3);
        ProbeResult result = probe.probe(file);
        assertEquals(ImageStatus.OK, result.status(), result.reason());
        assertEquals(40, result.width());
        assertEquals(30, result.height());
    }

    @Test
    void recognisesFormatFromContentNotFromName() {
        Path file = TestImages.bytes(dir.resolve("really-a-png.jpg"), TestImages.encode("png", 20, 10, 1));
        ProbeResult result = probe.probe(file);
        assertEquals(ImageStatus.OK, result.status());
        assertEquals(ImageFormat.PNG, result.format());
    }

    @Test
    void hashIsSha256OfTheBytes() throws Exception {
        byte[] bytes = TestImages.encode("png", 20, 10, 7);
        Path file = TestImages.bytes(dir.resolve("a.png"), bytes);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(expected, probe.probe(file).sha256());
    }

    @Test
    void emptyFileIsNotAnImage() {
        ProbeResult result = probe.probe(TestImages.bytes(dir.resolve("empty.jpg"), new byte[0]));
        assertEquals(ImageStatus.NOT_IMAGE, result.status());
        assertTrue(result.reason().contains("empty"), result.reason());
    }

    @Test
    void textFileIsNotAnImage() {
        Path file = TestImages.bytes(dir.resolve("notes.jpg"), "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(ImageStatus.NOT_IMAGE, probe.probe(file).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png", "gif"})
    void truncatedImageIsUnreadable(String format) {
        byte[] whole = TestImages.encode(format, 64, 48, 5);
        Path file = TestImages.bytes(dir.resolve("cut." + format), TestImages.truncated(whole, 0.6));
        ProbeResult result = probe.probe(file);
        assertEquals(ImageStatus.UNREADABLE, result.status(), "truncated " + format + " accepted");
        assertTrue(result.reason().contains("truncated") || result.reason().contains("corrupt"), result.reason());
    }

    @Test
    void jpegWithGarbageAfterTheMagicIsUnreadable() {
        byte[] bytes = new byte[200];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        for (int i = 3; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        ProbeResult result = probe.probe(TestImages.bytes(dir.resolve("bad.jpg"), bytes));
        assertEquals(ImageStatus.UNREADABLE, result.status());
        assertTrue(result.reason().startsWith("corrupt JPEG") || result.reason().startsWith("truncated"),
                result.reason());
    }

    @Test
    void tiffIsSkippedAsUnsupportedWithItsName() throws Exception {
        Path file = dir.resolve("scan.tif");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "tiff", file.toFile());
        ProbeResult result = probe.probe(file);
        assertEquals(ImageStatus.UNSUPPORTED, result.status());
        assertEquals("unsupported format: TIFF", result.reason());
    }

    @Test
    void webpHeaderIsSkippedAsUnsupported() {
        byte[] bytes = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII);
        ProbeResult result = probe.probe(TestImages.bytes(dir.resolve("a.webp"), bytes));
        assertEquals(ImageStatus.UNSUPPORTED, result.status());
        assertTrue(result.reason().contains("WebP"));
    }

    @Test
    void grayscaleAndSixteenBitPngAreOk() throws Exception {
        Path gray = dir.resolve("gray.png");
        ImageIO.write(new BufferedImage(10, 12, BufferedImage.TYPE_BYTE_GRAY), "png", gray.toFile());
        Path deep = dir.resolve("deep.png");
        ImageIO.write(new BufferedImage(10, 12, BufferedImage.TYPE_USHORT_GRAY), "png", deep.toFile());
        assertEquals(ImageStatus.OK, probe.probe(gray).status());
        assertEquals(ImageStatus.OK, probe.probe(deep).status());
    }

    @Test
    void brokenSymbolicLinkIsUnreadable() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("gone.jpg"), dir.resolve("nowhere.jpg"));
        ProbeResult result = probe.probe(link);
        assertEquals(ImageStatus.UNREADABLE, result.status());
        assertEquals("broken symbolic link", result.reason());
    }
}
