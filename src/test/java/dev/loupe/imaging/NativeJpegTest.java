package dev.loupe.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.sample.SampleGenerator;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import dev.loupe.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeJpegTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFrameOfACompleteJpegOnly() throws Exception {
        byte[] jpeg = TestImages.encode("jpg", 64, 48, 3);
        NativeJpeg.Frame frame = NativeJpeg.Frame.of(jpeg);
        assertNotNull(frame);
        assertEquals(64, frame.width());
        assertEquals(48, frame.height());
        assertNull(NativeJpeg.Frame.of(TestImages.truncated(jpeg, 0.7)), "a truncated download goes to ImageIO");
        assertNull(NativeJpeg.Frame.of(TestImages.encode("png", 64, 48, 3)), "not a JPEG");
        assertNull(NativeJpeg.Frame.of(new byte[0]));
        assertNull(NativeJpeg.Frame.of(cmykJpeg()), "four-component JPEGs go to ImageIO");
    }

    @Test
    void shrinksInTheDctDomainAsFarAsTheInputAllows() {
        assertEquals(2, NativeJpeg.scale(640, 480, 224));
        assertEquals(2, NativeJpeg.scale(640, 480, 128)); // a quarter would leave 120 rows
        assertEquals(4, NativeJpeg.scale(1024, 768, 160));
        assertEquals(8, NativeJpeg.scale(4032, 3024, 224));
        assertEquals(1, NativeJpeg.scale(300, 250, 224));
    }

    @Test
    void photoLoadsLikeTheImageIoPath() throws Exception {
        assumeTrue(NativeJpeg.available(), "OpenCV's natives are not available here");
        for (int size : new int[] {128, 224}) {
            Path file = photo(dir.resolve("photo.jpg"), 640, 480);
            float[] fast = new float[size * size * 3];
            assertTrue(NativeJpeg.loadSquare(Files.readAllBytes(file), size, fast, 0));
            float[] reference = imageIoPath(file, size);
            double sum = 0;
            for (int i = 0; i < fast.length; i++) {
                sum += Math.abs(fast[i] - reference[i]);
            }
            double meanDifference = sum / fast.length;
            assertTrue(meanDifference < 4, "mean difference " + meanDifference + " levels at " + size);
        }
    }

    @Test
    void largePhotoLoadsThroughModelInput() throws Exception {
        assumeTrue(NativeJpeg.available(), "OpenCV's natives are not available here");
        Path file = photo(dir.resolve("big.jpg"), 3000, 2000);
        float[] loaded = new ModelInput(160).load(file);
        float[] reference = imageIoPath(file, 160);
        double sum = 0;
        for (int i = 0; i < loaded.length; i++) {
            sum += Math.abs(loaded[i] - reference[i]);
        }
        assertTrue(sum / loaded.length < 4, "mean difference " + sum / loaded.length);
    }

    @Test
    void exifOrientationSixIsTurnedUpright() throws Exception {
        assumeTrue(NativeJpeg.available(), "OpenCV's natives are not available here");
        byte[] bytes = ImageDecoderTest.redAndBlueHalves(80, 40, 6);

        float[] out = new float[32 * 32 * 3];
        assertTrue(NativeJpeg.loadSquare(bytes, 32, out, 0));
        int top = (4 * 32 + 16) * 3;
        int bottom = (28 * 32 + 16) * 3;
        assertTrue(out[top] > 180 && out[top + 2] < 80, "top should be the red left half");
        assertTrue(out[bottom + 2] > 180 && out[bottom] < 80, "bottom should be the blue right half");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void turnsSquaresLikeImageDecoder(int orientation) {
        int size = 3;
        byte[] bgr = new byte[size * size * 3];
        BufferedImage stored = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < size * size; i++) {
            bgr[i * 3] = (byte) (10 * i); // blue
            bgr[i * 3 + 1] = (byte) (10 * i + 1);
            bgr[i * 3 + 2] = (byte) (10 * i + 2); // red
            stored.setRGB(i % size, i / size, (10 * i + 2) << 16 | (10 * i + 1) << 8 | 10 * i);
        }
        float[] out = new float[size * size * 3 + 2];
        NativeJpeg.writeUpright(bgr, size, orientation, out, 2);
        BufferedImage upright = ImageDecoder.orient(stored, orientation);
        float[] expected = new float[size * size * 3];
        for (int y = 0, o = 0; y < size; y++) {
            for (int x = 0; x < size; x++, o += 3) {
                int p = upright.getRGB(x, y);
                expected[o] = (p >> 16) & 0xFF;
                expected[o + 1] = (p >> 8) & 0xFF;
                expected[o + 2] = p & 0xFF;
            }
        }
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 2, out.length));
    }

    @Test
    void smallOrBrokenFilesAreLeftToImageIo() throws Exception {
        assumeTrue(NativeJpeg.available(), "OpenCV's natives are not available here");
        float[] out = new float[64 * 64 * 3];
        assertFalse(NativeJpeg.loadSquare(TestImages.encode("jpg", 32, 24, 1), 64, out, 0), "smaller than the input");
        byte[] jpeg = TestImages.encode("jpg", 200, 150, 1);
        assertFalse(NativeJpeg.loadSquare(TestImages.truncated(jpeg, 0.6), 64, out, 0));
        // A truncated JPEG still gets ImageIO's verdict through ModelInput, as before.
        Path broken = TestImages.bytes(dir.resolve("broken.jpg"), TestImages.truncated(jpeg, 0.05));
        assertThrows(ImageDecodeException.class, () -> new ModelInput(64).load(broken));
        // A small JPEG is decoded whole and enlarged by ImageResizer.
        Path small = TestImages.write(dir.resolve("small.jpg"), "jpg", 32, 24, 1);
        BufferedImage whole = new ImageDecoder().decode(small, 64);
        assertEquals(32, whole.getWidth());
        assertArrayEquals(ImageResizer.resizeToRgb(Pixels.argb(whole), 32, 24, 64, 64), new ModelInput(64).load(small));
    }

    @Test
    void decoderShrinksLargeJpegsInTheDctDomainLikeImageIoSubsamples() throws Exception {
        assumeTrue(NativeJpeg.available(), "OpenCV's natives are not available here");
        Path file = photo(dir.resolve("phone.jpg"), 3000, 2000);
        ImageDecoder decoder = new ImageDecoder();
        BufferedImage fast = decoder.decode(file, 224);
        assertEquals(375, fast.getWidth(), "an eighth of 3000");
        assertEquals(250, fast.getHeight());
        BufferedImage reference = decoder.decodeWithImageIo(file, 224);
        float[] a = ImageResizer.resizeToRgb(Pixels.argb(fast), 375, 250, 128, 96);
        float[] b = ImageResizer.resizeToRgb(Pixels.argb(reference), reference.getWidth(), reference.getHeight(), 128, 96);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        assertTrue(sum / a.length < 4, "mean difference " + sum / a.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"grey", "progressive", "rgb-without-jfif"})
    void oddJpegsDecodeLikeImageIoDecodesThem(String kind) throws Exception {
        assumeTrue(NativeJpeg.available(), "OpenCV's natives are not available here");
        BufferedImage source = ImageIO.read(photo(dir.resolve("source.jpg"), 320, 240).toFile());
        BufferedImage image = source;
        if (kind.equals("grey")) {
            image = new BufferedImage(320, 240, BufferedImage.TYPE_BYTE_GRAY);
            image.getGraphics().drawImage(source, 0, 0, null);
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        if (kind.equals("progressive")) {
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        }
        javax.imageio.metadata.IIOMetadata metadata = writer.getDefaultImageMetadata(
                javax.imageio.ImageTypeSpecifier.createFromRenderedImage(image), param);
        if (kind.equals("rgb-without-jfif")) {
            // Stored as RGB rather than YCbCr, flagged by an Adobe segment instead of JFIF.
            org.w3c.dom.Element tree = (org.w3c.dom.Element) metadata.getAsTree("javax_imageio_jpeg_image_1.0");
            org.w3c.dom.Node jfif = tree.getElementsByTagName("app0JFIF").item(0);
            jfif.getParentNode().removeChild(jfif);
            javax.imageio.metadata.IIOMetadataNode adobe = new javax.imageio.metadata.IIOMetadataNode("app14Adobe");
            adobe.setAttribute("transform", "0");
            tree.getElementsByTagName("markerSequence").item(0).appendChild(adobe);
            metadata.setFromTree("javax_imageio_jpeg_image_1.0", tree);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, metadata), param);
        }
        writer.dispose();
        Path file = TestImages.bytes(dir.resolve(kind + ".jpg"), bytes.toByteArray());
        String header = new String(bytes.toByteArray(), 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(kind.equals("rgb-without-jfif"), header.contains("Adobe") && !header.contains("JFIF"), header);
        assertNotNull(NativeJpeg.Frame.of(bytes.toByteArray()), "a JPEG the native decoder takes");
        ImageDecoder decoder = new ImageDecoder();
        BufferedImage fast = decoder.decode(file, 100);
        BufferedImage reference = decoder.decodeWithImageIo(file, 100);
        float[] a = ImageResizer.resizeToRgb(Pixels.argb(fast), fast.getWidth(), fast.getHeight(), 64, 48);
        float[] b = ImageResizer.resizeToRgb(Pixels.argb(reference), reference.getWidth(), reference.getHeight(), 64, 48);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        assertTrue(sum / a.length < 4, kind + ": mean difference " + sum / a.length);
    }

    /** A detailed synthetic photo (sky, road, texture) as a JPEG, made by the sample generator. */
    private static Path photo(Path file, int width, int height) throws Exception {
        Path folder = Files.createTempDirectory(file.getParent(), "photo");
        new SampleGenerator().generate(folder, new SampleGenerator.Options(2, 0, 7, width, height, 1),
                ProgressListener.NONE, CancellationToken.none());
        try (Stream<Path> files = Files.walk(folder)) {
            Path jpeg = files.filter(p -> p.toString().endsWith(".jpg")).findFirst().orElseThrow();
            return Files.copy(jpeg, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What ModelInput gives without OpenCV: ImageIO with subsampling, then ImageResizer. */
    private static float[] imageIoPath(Path file, int size) {
        BufferedImage decoded = new ImageDecoder().decodeWithImageIo(file, size);
        return ImageResizer.resizeToRgb(Pixels.argb(decoded), decoded.getWidth(), decoded.getHeight(), size, size);
    }

    private static byte[] cmykJpeg() {
        // SOI, SOF0 with 4 components, EOI: enough for the frame reader.
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 20, 8, 0, 16, 0, 16, 4, 1, 0x11, 0,
            2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0, (byte) 0xFF, (byte) 0xD9};
    }
}
