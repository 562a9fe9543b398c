package dev.loupe.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Small JPEG thumbnails on disk, keyed by content hash ({@code <dataset>/.loupe/thumbnails/ab/abcdef….jpg}),
 * so the grid decodes each photo once, ever, and a moved image keeps its thumbnail. Thread-safe.
 */
public final class ThumbnailCache {

    private final Path folder;
    private final int size;
    private final ImageDecoder decoder = new ImageDecoder();

    public ThumbnailCache(Path folder, int size) {
        this.folder = folder;
        this.size = size;
    }

    /** Where the thumbnail of this content lives (whether or not it exists yet). */
    public Path pathOf(String sha256) {
        return folder.resolve(sha256.substring(0, 2)).resolve(sha256 + ".jpg");
    }

    /** The cached thumbnail, if it was made before. */
    public Optional<Path> cached(String sha256) {
        Path p = pathOf(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The thumbnail of {@code image}, made now if needed (decoded subsampled, upright, fitted in
     * {@code size x size}). Empty when the image cannot be decoded or the cache cannot be written.
     */
    public Optional<Path> get(String sha256, Path image) {
        Optional<Path> done = cached(sha256);
        if (done.isPresent()) {
            return done;
        }
        try {
            BufferedImage full = decoder.decode(image, size);
            double scale = Math.min(1.0, (double) size / Math.max(full.getWidth(), full.getHeight()));
            int w = Math.max(1, (int) Math.round(full.getWidth() * scale));
            int h = Math.max(1, (int) Math.round(full.getHeight() * scale));
            BufferedImage small = ImageResizer.resize(full, w, h);
            Path target = pathOf(sha256);
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "thumb", ".tmp");
            ImageIO.write(small, "jpg", temp.toFile());
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(target);
        } catch (ImageDecodeException | IOException e) {
            return Optional.empty();
        }
    }
}
