package dev.loupe.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns image files into the square RGB pixel arrays that backbones take. */
public final class ModelInput {

    private final ImageDecoder decoder = new ImageDecoder();
    private final int size;

    public ModelInput(int size) {
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Floats per image: {@code size * size * 3}. */
    public int length() {
        return size * size * 3;
    }

    /**
     * Decodes, orients and resizes {@code file} to {@code size x size}, as NHWC RGB floats in 0..255.
     *
     * @throws ImageDecodeException when the file cannot be decoded
     */
    public float[] load(Path file) {
        float[] out = new float[length()];
        load(file, out, 0);
        return out;
    }

    /**
     * The same, written into {@code out} from {@code offset} ({@link #length()} floats): lets a batch be
     * decoded in place, with no per-image arrays.
     *
     * @throws ImageDecodeException when the file cannot be decoded ({@code out} may then hold anything there)
     */
    public void load(Path file, float[] out, int offset) {
        ImageFiles.requireRegularFile(file);
        if (loadJpeg(file, out, offset)) {
            return;
        }
        BufferedImage decoded = decoder.decode(file, size);
        toRgb(Pixels.argb(decoded), decoded.getWidth(), decoded.getHeight(), out, offset);
    }

    /**
     * The same for a file's content already in memory ({@code name} is its file name): a cluster job reads
     * files as bytes, and its pixels must equal the desktop's for the same file.
     *
     * @throws ImageDecodeException when the content cannot be decoded
     */
    public void load(byte[] content, String name, float[] out, int offset) {
        if (content.length > ImageFiles.MAX_FILE_BYTES) {
            throw new ImageDecodeException("file too large (" + (content.length >> 20) + " MB)");
        }
        if (NativeJpeg.available() && ImageDecoder.isJpegName(Path.of(name))
                && content.length <= ImageDecoder.MAX_NATIVE_JPEG_BYTES && loadJpeg(content, out, offset)) {
            return;
        }
        BufferedImage decoded = decoder.decode(content, name, size);
        toRgb(Pixels.argb(decoded), decoded.getWidth(), decoded.getHeight(), out, offset);
    }

    /**
     * What decodes JPEG files here: {@code opencv-dct} (OpenCV's libjpeg, shrinking in the DCT domain) or
     * {@code imageio}. The two give slightly different pixels, so cached features record it.
     */
    public static String jpegDecoder() {
        return NativeJpeg.available() ? "opencv-dct" : "imageio";
    }

    /**
     * Loads a JPEG through OpenCV, reading the file once: straight to the input size, or (smaller than the
     * input) decoded whole and enlarged by {@link ImageResizer}. {@code false} when ImageIO is to decode the
     * file (and explain it).
     */
    private boolean loadJpeg(Path file, float[] out, int offset) {
        if (!NativeJpeg.available() || !ImageDecoder.isJpegName(file)) {
            return false;
        }
        try {
            if (Files.size(file) > ImageDecoder.MAX_NATIVE_JPEG_BYTES) {
                return false;
            }
            return loadJpeg(Files.readAllBytes(file), out, offset);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageDecodeException ide) {
                throw ide;
            }
            return false;
        }
    }

    private boolean loadJpeg(byte[] jpeg, float[] out, int offset) {
        try {
            NativeJpeg.requireDecodable(jpeg);
            if (NativeJpeg.loadSquare(jpeg, size, out, offset)) {
                return true;
            }
            BufferedImage small = ImageDecoder.decodeJpeg(jpeg, size);
            if (small == null) {
                return false;
            }
            toRgb(Pixels.argb(small), small.getWidth(), small.getHeight(), out, offset);
            return true;
        } catch (ImageDecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void toRgb(int[] argb, int width, int height, float[] out, int offset) {
        if (width == size && height == size) {
            for (int i = 0, o = offset; i < argb.length; i++, o += 3) {
                int p = argb[i];
                out[o] = (p >> 16) & 0xFF;
                out[o + 1] = (p >> 8) & 0xFF;
                out[o + 2] = p & 0xFF;
            }
        } else {
            ImageResizer.resizeToRgb(argb, width, height, size, size, out, offset);
        }
    }
}
