package dev.loupe.imaging;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * The limits every image read obeys, in one place: only regular files are opened (a FIFO would block a
 * reader forever, a device such as {@code /dev/zero} never ends; a link is followed only to a regular file),
 * files over {@link #MAX_FILE_BYTES} are not
 * read, and images whose header claims more than {@link #MAX_PIXELS} pixels are not decoded (a
 * "decompression bomb" costs seconds of CPU and gigabytes of memory).
 */
public final class ImageFiles {

    /** The largest image file Loupe reads: 1 GiB. */
    public static final long MAX_FILE_BYTES = 1L << 30;
    /** The most pixels an image may have for Loupe to decode it: 128 megapixels (e.g. 13,000 x 9,800). */
    public static final long MAX_PIXELS = 128_000_000L;

    private ImageFiles() {
    }

    /**
     * Checks that {@code file} is a regular file (following a link) of a readable size, before anything opens it.
     *
     * @throws ImageDecodeException naming what is wrong
     */
    public static void requireRegularFile(Path file) {
        String problem = problem(file);
        if (problem != null) {
            throw new ImageDecodeException(problem);
        }
        if (!Files.isReadable(file)) {
            throw new ImageDecodeException("permission denied");
        }
    }

    /**
     * What keeps {@code file} (following a link) from being read as an image: not there, not a regular file, or
     * too large; null when it can be opened.
     */
    public static String problem(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(file) ? "broken symbolic link" : "file not found";
        } catch (AccessDeniedException e) {
            return "permission denied";
        } catch (IOException e) {
            return "cannot read file: " + e.getMessage();
        }
        if (attrs.isDirectory()) {
            return "a folder, not an image file";
        }
        if (attrs.isOther()) {
            return "not a regular file (a FIFO, device or socket): Loupe reads only regular files";
        }
        if (attrs.size() > MAX_FILE_BYTES) {
            return String.format(Locale.ROOT, "file too large (%.1f GB; Loupe reads image files up to %.0f GB)",
                    attrs.size() / 1e9, MAX_FILE_BYTES / 1e9);
        }
        return null;
    }

    /**
     * Why a symbolic link inside a dataset is not read: it leads back into the dataset (the image would count
     * twice, perhaps under two classes). Null for anything else: a link to an image file elsewhere is read
     * (never written through, and moved as a link). Links to folders are never entered at all.
     *
     * @param datasetRealRoot the dataset's root with links resolved
     */
    public static String linkProblem(Path link, Path datasetRealRoot) {
        if (!Files.isSymbolicLink(link)) {
            return null;
        }
        try {
            Path target = link.toRealPath();
            if (target.startsWith(datasetRealRoot)) {
                return "symbolic link to " + datasetRealRoot.relativize(target).toString().replace('\\', '/')
                        + ", inside the dataset: not followed (the image would count twice)";
            }
            return null;
        } catch (IOException e) {
            return null; // broken: the probe says so
        }
    }

    /** Why an image of these dimensions is not decoded, or null when it is within {@link #MAX_PIXELS}. */
    public static String tooManyPixels(long width, long height) {
        long pixels = width * height;
        if (pixels <= MAX_PIXELS) {
            return null;
        }
        return String.format(Locale.ROOT, "too large to decode: %d x %d is %.0f megapixels (Loupe decodes images up "
                + "to %d megapixels)", width, height, pixels / 1e6, MAX_PIXELS / 1_000_000);
    }

    /** {@link #tooManyPixels} as an exception, for decoders. */
    static void requireDecodable(long width, long height) {
        String problem = tooManyPixels(width, height);
        if (problem != null) {
            throw new ImageDecodeException(problem);
        }
    }
}
