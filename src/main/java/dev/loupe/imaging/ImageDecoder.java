package dev.loupe.imaging;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file into an upright 8-bit RGB picture no larger than needed.
 *
 * <ul>
 *   <li>Large images are shrunk while decoding, so a 50-megapixel photo never sits in memory whole: JPEGs by
 *       OpenCV in the DCT domain (by 2, 4 or 8; see {@link NativeJpeg}), everything else, and JPEGs OpenCV does
 *       not take, by ImageIO's subsampling.</li>
 *   <li>EXIF orientation is applied (phones store portrait photos sideways).</li>
 *   <li>Grayscale, palette, 16-bit and CMYK/YCCK images become RGB; transparency is composited on white.</li>
 * </ul>
 * Thread-safe; every failure is an {@link ImageDecodeException} whose message is the reason.
 */
public final class ImageDecoder {

    /**
     * Decodes {@code file} so that its shorter side is at least {@code minSide} pixels when the original is
     * that large (shrinking by a whole factor), upright and in RGB.
     */
    public BufferedImage decode(Path file, int minSide) {
        ImageFiles.requireRegularFile(file);
        BufferedImage fast = decodeJpeg(file, minSide);
        return fast != null ? fast : decodeWithImageIo(file, minSide);
    }

    /** The same through ImageIO alone, subsampling by a whole factor. */
    BufferedImage decodeWithImageIo(Path file, int minSide) {
        ImageFiles.requireRegularFile(file);
        BufferedImage decoded;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            decoded = read(in, minSide);
        } catch (AccessDeniedException e) {
            throw new ImageDecodeException("permission denied", e);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException("file not found", e);
        } catch (IOException | RuntimeException e) {
            throw decodeFailure(e);
        }
        return orient(toRgb(decoded), exifOrientation(file));
    }

    /**
     * Decodes an image file's content already in memory (a cluster reads files as bytes), exactly as
     * {@link #decode(Path, int)} decodes the file: {@code name} is the file's name, which says whether it is a JPEG.
     */
    public BufferedImage decode(byte[] content, String name, int minSide) {
        if (content.length == 0) {
            throw new ImageDecodeException("empty file");
        }
        if (isJpegName(Path.of(name)) && NativeJpeg.available() && content.length <= MAX_NATIVE_JPEG_BYTES) {
            try {
                BufferedImage fast = decodeJpeg(content, minSide);
                if (fast != null) {
                    return fast;
                }
            } catch (ImageDecodeException e) {
                throw e;
            } catch (RuntimeException e) {
                // ImageIO decodes it below, and explains it if it cannot
            }
        }
        BufferedImage decoded;
        // In memory: ImageIO would otherwise copy the stream to a temporary file first.
        try (ImageInputStream in = new javax.imageio.stream.MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
            decoded = read(in, minSide);
        } catch (IOException | RuntimeException e) {
            throw decodeFailure(e);
        }
        return orient(toRgb(decoded), exifOrientationOf(content));
    }

    private static ImageDecodeException decodeFailure(Exception e) {
        if (e instanceof ImageDecodeException ide) {
            return ide;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ImageDecodeException("cannot decode: " + message, e);
    }

    /** Reads the first image of {@code in}, subsampled by a whole factor so its shorter side stays >= minSide. */
    private static BufferedImage read(ImageInputStream in, int minSide) throws IOException {
        if (in == null) {
            throw new ImageDecodeException("cannot open file");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageDecodeException("not an image in a supported format");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            ImageFiles.requireDecodable(width, height);
            int factor = Math.max(1, Math.min(width, height) / Math.max(1, minSide));
            ImageReadParam param = reader.getDefaultReadParam();
            if (factor > 1) {
                param.setSourceSubsampling(factor, factor, 0, 0);
            }
            return reader.read(0, param);
        } finally {
            reader.dispose();
        }
    }

    /** Larger JPEG files are decoded by ImageIO, which streams them. */
    static final long MAX_NATIVE_JPEG_BYTES = 64L << 20;

    /**
     * A JPEG decoded by OpenCV, shrunk in the DCT domain, upright; {@code null} when ImageIO is to decode the
     * file (anything not a plain complete JPEG, or OpenCV unavailable) and give the reason if it cannot.
     */
    private static BufferedImage decodeJpeg(Path file, int minSide) {
        if (!isJpegName(file) || !NativeJpeg.available()) {
            return null;
        }
        try {
            if (Files.size(file) > MAX_NATIVE_JPEG_BYTES) {
                return null;
            }
            return decodeJpeg(Files.readAllBytes(file), minSide);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The same for a JPEG file's bytes already read. */
    static BufferedImage decodeJpeg(byte[] jpeg, int minSide) {
        NativeJpeg.requireDecodable(jpeg);
        NativeJpeg.Decoded d = NativeJpeg.decode(jpeg, minSide);
        return d == null ? null : orient(Pixels.image(d.rgb(), d.width(), d.height()), exifOrientation(jpeg));
    }

    /** Whether the file is named like a JPEG (others are not worth reading twice). */
    static boolean isJpegName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".jpe") || name.endsWith(".jfif");
    }

    /** Converts any colour model to 8-bit RGB, compositing transparency on white. */
    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** EXIF orientation 1..8; 1 (upright) when absent or unreadable. */
    static int exifOrientation(Path file) {
        try {
            return orientation(ImageMetadataReader.readMetadata(file.toFile()));
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            // No readable EXIF: the image is shown as stored, which is what every viewer does too.
            return 1;
        }
    }

    /** EXIF orientation of any image file's content in memory. */
    static int exifOrientationOf(byte[] content) {
        try {
            return orientation(ImageMetadataReader.readMetadata(new ByteArrayInputStream(content)));
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return 1;
        }
    }

    /** The same for a JPEG already in memory, reading only its EXIF segment. */
    static int exifOrientation(byte[] jpeg) {
        try {
            return orientation(JpegMetadataReader.readMetadata(new ByteArrayInputStream(jpeg), List.of(new ExifReader())));
        } catch (JpegProcessingException | IOException | RuntimeException e) {
            return 1;
        }
    }

    private static int orientation(Metadata metadata) {
        ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        try {
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int o = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return o >= 1 && o <= 8 ? o : 1;
            }
        } catch (MetadataException e) {
            return 1;
        }
        return 1;
    }

    /**
     * Applies an EXIF orientation: 1 as stored, 2 mirrored, 3 rotated 180°, 4 flipped, 5 transposed,
     * 6 needs 90° clockwise, 7 transversed, 8 needs 90° counter-clockwise.
     */
    static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] src = Pixels.argb(image);
        int[] out = new int[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                out[y * ow + x] = src[storedIndex(orientation, x, y, w, h)];
            }
        }
        return Pixels.image(out, ow, oh);
    }

    /**
     * Where pixel (x, y) of the upright picture is stored, as an index into the stored {@code w x h} pixels,
     * for EXIF orientation 2..8 (1 is the identity).
     */
    static int storedIndex(int orientation, int x, int y, int w, int h) {
        int sx;
        int sy;
        switch (orientation) {
            case 2 -> { sx = w - 1 - x; sy = y; }
            case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
            case 4 -> { sx = x; sy = h - 1 - y; }
            case 5 -> { sx = y; sy = x; }
            case 6 -> { sx = y; sy = h - 1 - x; }
            case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
            case 8 -> { sx = w - 1 - y; sy = x; }
            default -> { sx = x; sy = y; }
        }
        return sy * w + sx;
    }
}
