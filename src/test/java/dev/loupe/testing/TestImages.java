package dev.loupe.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Writes small real image files for tests. */
public final class TestImages {

    private TestImages() {
    }

    /** Encodes a {@code width}x{@code height} image whose pixels depend on {@code seed}. */
    public static byte[] encode(String format, int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height,
                format.equals("gif") || format.equals("bmp") ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(seed * 37 % 256, seed * 91 % 256, seed * 53 % 256));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(255 - seed * 37 % 256, 120, seed * 11 % 256));
        g.fillOval(seed % Math.max(1, width / 2), 2, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes an image file (creating parent folders) and returns it. */
    public static Path write(Path file, String format, int width, int height, int seed) {
        return bytes(file, encode(format, width, height, seed));
    }

    /** Writes a JPEG of 32x24 pixels. */
    public static Path jpeg(Path file, int seed) {
        return write(file, "jpg", 32, 24, seed);
    }

    /** Writes raw bytes (creating parent folders) and returns the file. */
    public static Path bytes(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The first {@code fraction} of a valid image's bytes: a truncated download. */
    public static byte[] truncated(byte[] image, double fraction) {
        return Arrays.copyOf(image, (int) (image.length * fraction));
    }

    /** Whether the tests run as root, for whom file permissions do not deny reading. */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
