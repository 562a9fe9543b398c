package dev.loupe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailCacheTest {

    @TempDir
    Path dir;

    @Test
    void makesASmallThumbnailOnceAndKeepsItByContent() throws Exception {
        Path image = TestImages.write(dir.resolve("big.png"), "png", 800, 400, 1);
        ThumbnailCache cache = new ThumbnailCache(dir.resolve("thumbs"), 128);
        String sha = "ab" + "0".repeat(62);
        Path thumb = cache.get(sha, image).orElseThrow();
        BufferedImage small = ImageIO.read(thumb.toFile());
        assertEquals(128, small.getWidth());
        assertEquals(64, small.getHeight());
        long made = Files.getLastModifiedTime(thumb).toMillis();
        Files.delete(image);
        assertEquals(thumb, cache.get(sha, image).orElseThrow(), "served from the cache, source not needed");
        assertEquals(made, Files.getLastModifiedTime(thumb).toMillis());
    }

    @Test
    void undecodableImageHasNoThumbnail() {
        Path junk = TestImages.bytes(dir.resolve("x.jpg"), "nope".getBytes());
        assertTrue(new ThumbnailCache(dir.resolve("thumbs"), 64).get("cd" + "1".repeat(62), junk).isEmpty());
    }
}
