package dev.loupe.imaging;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG decoding through OpenCV: its libjpeg decodes faster than ImageIO's and shrinks in the DCT domain (by 2, 4
 * or 8) while decoding, so a 640x480 photo for a 224-pixel network is decoded at 320x240 and a 12-megapixel
 * one for a thumbnail at 504x378. {@link #loadSquare} takes a JPEG all the way to model input (resized in
 * native code), {@link #decode} to pixels for {@link ImageDecoder}. Both take only the JPEGs this class is sure
 * of (complete files, 8-bit, grey or three-component, Huffman-coded) and answer {@code false} or {@code null}
 * for anything else: the caller then uses ImageIO, which also gives the reasons for files that cannot be
 * decoded. Thread-safe.
 */
final class NativeJpeg {

    private static final Logger LOG = LoggerFactory.getLogger(NativeJpeg.class);

    /** Larger decoded images go through ImageIO, which subsamples them row by row. */
    private static final long MAX_DECODED_PIXELS = 40_000_000L;

    private static final boolean AVAILABLE = load();

    private NativeJpeg() {
    }

    /** Whether OpenCV's natives loaded; {@code -Dloupe.jpeg=imageio} turns this decoder off. */
    static boolean available() {
        return AVAILABLE;
    }

    private static boolean load() {
        if ("imageio".equalsIgnoreCase(System.getProperty("loupe.jpeg", ""))) {
            return false;
        }
        try {
            Loader.load(opencv_imgcodecs.class);
            Loader.load(opencv_imgproc.class);
            // One image is too small to share out: OpenCV's own thread pool only contends with the decode
            // workers, which already keep every core busy.
            opencv_core.setNumThreads(0);
            return true;
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("OpenCV's JPEG decoder is not available on this platform ({}); decoding with ImageIO, "
                    + "which is slower", e.getMessage());
            return false;
        }
    }

    /** Pixels as stored (not yet turned by their EXIF orientation), packed RGB. */
    record Decoded(int[] rgb, int width, int height) {
    }

    /**
     * Decodes {@code jpeg} shrunk while decoding by the largest of 8, 4 or 2 that keeps its shorter side at least
     * {@code minSide} (whole when it is smaller), or returns {@code null} when this decoder does not take the file.
     */
    /** Refuses a JPEG whose frame header claims more than {@link ImageFiles#MAX_PIXELS} pixels. */
    static void requireDecodable(byte[] jpeg) {
        Frame frame = Frame.of(jpeg);
        if (frame != null) {
            ImageFiles.requireDecodable(frame.width(), frame.height());
        }
    }

    static Decoded decode(byte[] jpeg, int minSide) {
        if (!AVAILABLE) {
            return null;
        }
        Frame frame = Frame.of(jpeg);
        if (frame == null) {
            return null;
        }
        int scale = scale(frame.width(), frame.height(), minSide);
        try (Mat image = imdecode(jpeg, frame, scale)) {
            if (image == null) {
                return null;
            }
            int w = image.cols();
            int h = image.rows();
            byte[] bgr = new byte[w * h * 3];
            image.data().get(bgr);
            int[] rgb = new int[w * h];
            for (int i = 0, j = 0; i < rgb.length; i++, j += 3) {
                rgb[i] = (bgr[j + 2] & 0xFF) << 16 | (bgr[j + 1] & 0xFF) << 8 | (bgr[j] & 0xFF);
            }
            return new Decoded(rgb, w, h);
        }
    }

    /**
     * Decodes {@code jpeg} shrunk by {@code scale} in the DCT domain, as 8-bit BGR: {@code null} when the image
     * would be too large or OpenCV cannot decode it (ImageIO then explains why).
     */
    private static Mat imdecode(byte[] jpeg, Frame frame, int scale) {
        long pixels = (long) ceilDiv(frame.width(), scale) * ceilDiv(frame.height(), scale);
        if (pixels > MAX_DECODED_PIXELS) {
            return null;
        }
        int flags = opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION | switch (scale) {
            case 8 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
            case 4 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
            case 2 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
            default -> opencv_imgcodecs.IMREAD_COLOR;
        };
        try (BytePointer data = new BytePointer(encodedBuffer(jpeg));
             Mat encoded = new Mat(1, jpeg.length, CV_8UC1, data)) {
            Mat image = opencv_imgcodecs.imdecode(encoded, flags);
            if (image.empty() || image.channels() != 3 || image.elemSize1() != 1 || !image.isContinuous()
                    || image.cols() != ceilDiv(frame.width(), scale) || image.rows() != ceilDiv(frame.height(), scale)) {
                image.close();
                return null;
            }
            return image;
        } catch (RuntimeException e) {
            // OpenCV reports a decoding failure as an exception: ImageIO gets the file and explains it.
            return null;
        } catch (OutOfMemoryError e) {
            // JavaCPP refuses native allocations past the caps Main sets for DL4J (a fine-tuning run can sit
            // near them): ImageIO decodes on the Java heap instead.
            return null;
        }
    }

    /**
     * Decodes {@code jpeg}, shrunk while decoding by the largest of 8, 4 or 2 that keeps its shorter side at
     * least {@code size}, area-averages it to {@code size x size}, turns it upright by its EXIF orientation and
     * writes it to {@code out} from {@code offset} as RGB floats in 0..255, as {@link ModelInput} does.
     * Returns {@code false}, writing nothing, when this decoder does not take the file or the image is smaller
     * than {@code size} (enlarging is left to {@link ImageResizer}).
     */
    static boolean loadSquare(byte[] jpeg, int size, float[] out, int offset) {
        if (!AVAILABLE) {
            return false;
        }
        Frame frame = Frame.of(jpeg);
        if (frame == null || Math.min(frame.width(), frame.height()) < size) {
            return false;
        }
        int scale = scale(frame.width(), frame.height(), size);
        byte[] bgr = new byte[size * size * 3];
        try (Mat image = imdecode(jpeg, frame, scale)) {
            if (image == null) {
                return false;
            }
            try (Mat square = new Mat()) {
                opencv_imgproc.resize(image, square, new Size(size, size), 0, 0,
                        interpolation(image.cols(), image.rows(), size));
                if (!square.isContinuous() || square.cols() != size || square.rows() != size) {
                    return false;
                }
                square.data().get(bgr);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            return false; // OpenCV could not resize, or JavaCPP's native-memory cap was reached: ImageIO instead
        }
        writeUpright(bgr, size, ImageDecoder.exifOrientation(jpeg), out, offset);
        return true;
    }

    /**
     * Writes a square BGR image as RGB floats, turned by an EXIF orientation (1..8, as {@link ImageDecoder#orient}).
     * Resizing to a square and then turning gives the same pixels as turning first, since area averaging treats
     * both axes alike.
     */
    static void writeUpright(byte[] bgr, int size, int orientation, float[] out, int offset) {
        if (orientation < 2 || orientation > 8) {
            // Upright as stored, nearly every photo: a straight pass.
            for (int i = 0, o = offset; i < bgr.length; i += 3, o += 3) {
                out[o] = bgr[i + 2] & 0xFF;
                out[o + 1] = bgr[i + 1] & 0xFF;
                out[o + 2] = bgr[i] & 0xFF;
            }
            return;
        }
        for (int y = 0, o = offset; y < size; y++) {
            for (int x = 0; x < size; x++, o += 3) {
                int i = ImageDecoder.storedIndex(orientation, x, y, size, size) * 3;
                out[o] = bgr[i + 2] & 0xFF;
                out[o + 1] = bgr[i + 1] & 0xFF;
                out[o + 2] = bgr[i] & 0xFF;
            }
        }
    }

    /**
     * How to take the DCT-shrunk image the rest of the way to {@code size x size}, where both sides shrink or
     * stay: bilinear while each side shrinks at most twofold (every source pixel then weighs in, and it is ten
     * times faster than OpenCV's fractional area average), area averaging beyond that (wide panoramas).
     */
    static int interpolation(int width, int height, int size) {
        return width <= 2 * size && height <= 2 * size ? opencv_imgproc.INTER_LINEAR : opencv_imgproc.INTER_AREA;
    }

    /** Per decoding thread, a native copy of the file for OpenCV to read, kept and grown as needed. */
    private static final ThreadLocal<ByteBuffer> ENCODED = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 20));

    /**
     * The file's bytes in this thread's direct buffer. A direct buffer, unlike a JavaCPP allocation, is not
     * counted against the native-memory caps Main sets for DL4J, and it is not allocated anew per image.
     */
    private static ByteBuffer encodedBuffer(byte[] jpeg) {
        ByteBuffer buffer = ENCODED.get();
        if (buffer.capacity() < jpeg.length) {
            buffer = ByteBuffer.allocateDirect(Math.max(jpeg.length, buffer.capacity() * 2));
            ENCODED.set(buffer);
        }
        buffer.clear();
        buffer.put(jpeg).flip();
        return buffer;
    }

    /** The largest DCT scale (8, 4, 2 or 1) that keeps the shorter side at least {@code minSide}. */
    static int scale(int width, int height, int minSide) {
        for (int s = 8; s > 1; s /= 2) {
            if (Math.min(ceilDiv(width, s), ceilDiv(height, s)) >= minSide) {
                return s;
            }
        }
        return 1;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** What the start-of-frame header says, for the JPEGs this decoder takes. */
    record Frame(int width, int height) {

        /** Reads the frame header of a complete JPEG; {@code null} when the file is not one this decoder takes. */
        static Frame of(byte[] b) {
            int n = b.length;
            if (n < 4 || u8(b, 0) != 0xFF || u8(b, 1) != 0xD8 || u8(b, n - 2) != 0xFF || u8(b, n - 1) != 0xD9) {
                return null; // not a JPEG, or truncated, or with data after its end: ImageIO decides
            }
            int i = 2;
            while (i + 4 <= n) {
                if (u8(b, i) != 0xFF) {
                    return null;
                }
                int marker = u8(b, i + 1);
                if (marker == 0xFF) {
                    i++; // fill byte
                    continue;
                }
                int length = u16(b, i + 2);
                if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
                    if (i + 10 > n || length < 8) {
                        return null;
                    }
                    int precision = u8(b, i + 4);
                    int height = u16(b, i + 5);
                    int width = u16(b, i + 7);
                    int components = u8(b, i + 9);
                    boolean usable = precision == 8 && width > 0 && height > 0 && (components == 1 || components == 3);
                    return usable ? new Frame(width, height) : null;
                }
                if (marker >= 0xC3 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    return null; // lossless, hierarchical or arithmetic-coded
                }
                if (marker == 0xDA || marker == 0xD9 || length < 2) {
                    return null; // a scan or the end before any frame header
                }
                i += 2 + length;
            }
            return null;
        }

        private static int u8(byte[] b, int i) {
            return b[i] & 0xFF;
        }

        private static int u16(byte[] b, int i) {
            return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        }
    }
}
