package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.dataset.StableSplit;
import dev.loupe.testing.PixelFeatures;
import dev.loupe.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Split leakage in the Rounds tab: a near-copy that falls in another part of the split than its original is
 * reported, shown in the grid next to it with the parts it is in, and setting it aside clears the report.
 */
class SplitLeakageViewTest extends HeadlessWindowTest {

    @Override
    dev.loupe.engine.FeatureExtractor judge() {
        return new PixelFeatures();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** A copy of {@code original} with one pixel changed, chosen so that it lands in another part of the split. */
    private static Path nearCopyInAnotherPart(Path original, Path copy) throws Exception {
        StableSplit split = new StableSplit(10, 10);
        StableSplit.Part part = split.of(sha256(original));
        BufferedImage image = ImageIO.read(original.toFile());
        for (int k = 0; k < 400; k++) {
            BufferedImage changed = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            changed.getGraphics().drawImage(image, 0, 0, null);
            changed.setRGB(k % image.getWidth(), k / image.getWidth(), 0x808080);
            ImageIO.write(changed, "png", copy.toFile());
            if (split.of(sha256(copy)) != part) {
                return copy;
            }
        }
        throw new AssertionError("no near copy lands in another part");
    }

    @Test
    void aNearCopyAcrossTheSplitIsReportedShownBesideItsOriginalAndClearedWhenSetAside() throws Exception {
        for (int i = 0; i < 24; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + "p" + i + ".png"), "png", 40, 30, i);
        }
        nearCopyInAnotherPart(root.resolve("road/p2.png"), root.resolve("road/p2-resaved.png"));
        model.open(root);
        model.setRoundsShown(true);
        assertTrue(model.leakage().summaryProperty().get().startsWith("Split leakage: score the dataset"),
                model.leakage().summaryProperty().get());
        assertFalse(model.leakage().leakingProperty().get());
        model.score();
        String summary = model.leakage().summaryProperty().get();
        assertTrue(summary.startsWith("Split leakage: 1 near-duplicate pair(s) straddle the split (validation 10%, "
                + "test 10%)"), summary);
        assertTrue(model.leakage().leakingProperty().get());

        model.showLeakage();
        assertEquals(Queue.LEAKAGE, model.queueProperty().get());
        List<String> shown = model.images().stream().map(ImageTile::path).sorted().toList();
        assertEquals(List.of("road/p2-resaved.png", "road/p2.png"), shown);
        for (ImageTile t : model.images()) {
            String caption = model.queueCaption(t).orElseThrow();
            assertTrue(caption.matches("pair 1 · (train|val|test) ~ (train|val|test) (0\\.99\\d|1\\.000)"), caption);
        }
        assertFalse(model.queueCaption(model.images().get(0)).equals(model.queueCaption(model.images().get(1))),
                "each tile names its own part first");

        model.select("road/p2-resaved.png", SelectMode.REPLACE);
        model.moveSelection("_excluded");
        assertTrue(Files.exists(root.resolve("_excluded/p2-resaved.png")));
        assertTrue(model.leakage().summaryProperty().get().startsWith("Split leakage: none."),
                model.leakage().summaryProperty().get());
        assertFalse(model.leakage().leakingProperty().get());
    }
}
