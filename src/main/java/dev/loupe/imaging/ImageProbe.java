package dev.loupe.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a file once to hash it, recognises its format from its bytes, reads its pixel dimensions from the
 * header, and catches truncated files cheaply by checking each format's end marker. Only a file whose end
 * marker is missing is decoded (subsampled) to decide whether it is really damaged.
 *
 * <p>Never throws for a bad file: every problem becomes a {@link ProbeResult} with a reason.
 */
public final class ImageProbe {

    private static final int HEAD_BYTES = 32;
    private static final int TAIL_BYTES = 4096;
    private static final int BUFFER = 1 << 16;

    /** Probes one file. Safe to call from several threads at once. */
    public ProbeResult probe(Path file) {
        String problem = ImageFiles.problem(file);
        if (problem != null) {
            ImageStatus status = problem.startsWith("file too large") ? ImageStatus.UNSUPPORTED
                    : problem.startsWith("not a regular file") || problem.startsWith("a folder") ? ImageStatus.NOT_IMAGE
                    : ImageStatus.UNREADABLE;
            return new ProbeResult(status, problem.equals("file not found") ? "file vanished while reading" : problem,
                    null, 0, 0, 0, null);
        }
        long size;
        String sha256;
        byte[] head = new byte[HEAD_BYTES];
        int headLength = 0;
        byte[] tail = new byte[TAIL_BYTES];
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                if (headLength < HEAD_BYTES) {
                    int take = Math.min(HEAD_BYTES - headLength, n);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                appendToRing(tail, total, buffer, n);
                total += n;
            }
            size = total;
            sha256 = HexFormat.of().formatHex(digest.digest());
        } catch (AccessDeniedException e) {
            return unreadable("permission denied", null, 0);
        } catch (NoSuchFileException e) {
            return unreadable(Files.isSymbolicLink(file) ? "broken symbolic link" : "file vanished while reading",
                    null, 0);
        } catch (IOException e) {
            return unreadable("cannot read file: " + e.getMessage(), null, 0);
        }

        if (size == 0) {
            return new ProbeResult(ImageStatus.NOT_IMAGE, "empty file (0 bytes)", null, 0, 0, 0, sha256);
        }
        Optional<ImageFormat> sniffed = ImageFormat.sniff(head, headLength);
        if (sniffed.isEmpty()) {
            return new ProbeResult(ImageStatus.NOT_IMAGE, "not an image (unrecognised content)", null, 0, 0,
                    size, sha256);
        }
        ImageFormat format = sniffed.get();
        if (!format.supported()) {
            return new ProbeResult(ImageStatus.UNSUPPORTED, "unsupported format: " + format.displayName(), format,
                    0, 0, size, sha256);
        }
        byte[] lastBytes = lastBytes(tail, total);
        return readHeader(() -> ImageIO.createImageInputStream(file.toFile()), format, size, sha256, head, lastBytes);
    }

    /**
     * Probes a file's content already in memory (a cluster reads files as bytes), with the same verdicts and
     * reasons as {@link #probe(Path)} gives for a file holding it.
     */
    public ProbeResult probe(byte[] content) {
        String sha256 = HexFormat.of().formatHex(sha256().digest(content));
        if (content.length == 0) {
            return new ProbeResult(ImageStatus.NOT_IMAGE, "empty file (0 bytes)", null, 0, 0, 0, sha256);
        }
        byte[] head = java.util.Arrays.copyOf(content, Math.min(HEAD_BYTES, content.length));
        Optional<ImageFormat> sniffed = ImageFormat.sniff(head, head.length);
        if (sniffed.isEmpty()) {
            return new ProbeResult(ImageStatus.NOT_IMAGE, "not an image (unrecognised content)", null, 0, 0,
                    content.length, sha256);
        }
        ImageFormat format = sniffed.get();
        if (!format.supported()) {
            return new ProbeResult(ImageStatus.UNSUPPORTED, "unsupported format: " + format.displayName(), format,
                    0, 0, content.length, sha256);
        }
        byte[] lastBytes = java.util.Arrays.copyOfRange(content, Math.max(0, content.length - TAIL_BYTES),
                content.length);
        // In memory: ImageIO would otherwise copy the stream to a temporary file first.
        return readHeader(() -> new javax.imageio.stream.MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(content)), format,
                content.length, sha256, head, lastBytes);
    }

    /** Opens the image's bytes for ImageIO, once per read. */
    private interface Source {
        ImageInputStream open() throws IOException;
    }

    private ProbeResult readHeader(Source file, ImageFormat format, long size, String sha256, byte[] head,
                                   byte[] lastBytes) {
        try (ImageInputStream in = file.open()) {
            ImageReader reader = readerFor(format, in);
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    return new ProbeResult(ImageStatus.UNREADABLE, "image has no pixels (" + width + "x" + height
                            + ")", format, 0, 0, size, sha256);
                }
                String tooLarge = ImageFiles.tooManyPixels(width, height);
                if (tooLarge != null) {
                    return new ProbeResult(ImageStatus.UNSUPPORTED, tooLarge, format, width, height, size, sha256);
                }
                if (!hasEndMarker(format, head, lastBytes, size) || implausiblySmall(size, width, height)) {
                    Optional<String> damage = decodeForDamage(file, format);
                    if (damage.isPresent()) {
                        return new ProbeResult(ImageStatus.UNREADABLE, damage.get(), format, width, height, size,
                                sha256);
                    }
                }
                return new ProbeResult(ImageStatus.OK, "", format, width, height, size, sha256);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO readers signal corrupt headers with IIOException and, for some malformed input,
            // with runtime exceptions (IndexOutOfBounds, IllegalArgument); both mean "cannot read".
            return new ProbeResult(ImageStatus.UNREADABLE, "corrupt " + format.displayName() + " header: "
                    + describe(e), format, 0, 0, size, sha256);
        }
    }

    /** Decodes the whole file, subsampled, and reports the damage the decoder complains about, if any. */
    private Optional<String> decodeForDamage(Source file, ImageFormat format) {
        AtomicReference<String> warning = new AtomicReference<>();
        try (ImageInputStream in = file.open()) {
            ImageReader reader = readerFor(format, in);
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                    @Override
                    public void warningOccurred(ImageReader source, String message) {
                        warning.compareAndSet(null, message);
                    }
                });
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(reader.getWidth(0), reader.getHeight(0)) / 256);
                param.setSourceSubsampling(step, step, 0, 0);
                reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.of("truncated or corrupt " + format.displayName() + ": " + describe(e));
        }
        if (warning.get() != null) {
            return Optional.of("truncated or corrupt " + format.displayName() + ": " + warning.get());
        }
        return Optional.empty();
    }

    /**
     * Whether a file is too small to hold the pixels its header claims under any compression these formats
     * have (deflate, LZW and JPEG all need well over one byte per 3,000 pixels): such a file is damaged, or
     * made to look larger than it is.
     */
    static boolean implausiblySmall(long size, long width, long height) {
        return size * 3000 < width * height;
    }

    private static boolean hasEndMarker(ImageFormat format, byte[] head, byte[] last, long size) {
        return switch (format) {
            case JPEG -> indexOf(last, new byte[] {(byte) 0xFF, (byte) 0xD9}) >= 0;
            case PNG -> indexOf(last, new byte[] {'I', 'E', 'N', 'D'}) >= 0;
            case GIF -> {
                int from = Math.max(0, last.length - 16);
                boolean found = false;
                for (int i = from; i < last.length; i++) {
                    found |= last[i] == 0x3B;
                }
                yield found;
            }
            case BMP -> {
                long declared = (head[2] & 0xFFL) | (head[3] & 0xFFL) << 8 | (head[4] & 0xFFL) << 16
                        | (head[5] & 0xFFL) << 24;
                yield declared == 0 || declared <= size;
            }
            default -> true;
        };
    }

    private static ImageReader readerFor(ImageFormat format, ImageInputStream in) throws IOException {
        if (in == null) {
            throw new IOException("cannot open image stream");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            readers = ImageIO.getImageReadersByFormatName(format.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!readers.hasNext()) {
            throw new IOException("no decoder for " + format.displayName());
        }
        return readers.next();
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static ProbeResult unreadable(String reason, String sha256, long size) {
        return new ProbeResult(ImageStatus.UNREADABLE, reason, null, 0, 0, size, sha256);
    }

    private static void appendToRing(byte[] ring, long written, byte[] data, int n) {
        int offset = Math.max(0, n - ring.length);
        for (int i = offset; i < n; i++) {
            ring[(int) ((written + i) % ring.length)] = data[i];
        }
    }

    private static byte[] lastBytes(byte[] ring, long total) {
        int n = (int) Math.min(total, ring.length);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = ring[(int) ((total - n + i) % ring.length)];
        }
        return out;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
