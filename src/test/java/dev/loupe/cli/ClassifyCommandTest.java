package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe classify} on a bundle saved by an earlier Loupe (format 1, committed under test resources):
 * old bundles must keep loading and keep giving the same answers.
 */
class ClassifyCommandTest {

    private static final String BUNDLE = "src/test/resources/bundles/format1-mobilenet-0.25-128";

    @TempDir
    Path dir;

    private Path solid(String name, int rgb) throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void printsClassesByConfidenceLikeLabelImage() throws Exception {
        CliRun run = CliRun.of("classify", "--model", BUNDLE, solid("red.png", 0xC8801E).toString());
        assertEquals(0, run.exitCode(), run.err());
        assertScores(run.out(), "road 0.934779\nnot-road 0.065221\n");
    }

    /**
     * Same labels in the same order with the same scores to 1e-5 (the answers were recorded with DL4J's forward
     * pass; ONNX Runtime's differs in the sixth decimal), printed like label_image: six decimals.
     */
    private static void assertScores(String actual, String expected) {
        String[] a = actual.split("\n");
        String[] e = expected.split("\n");
        assertEquals(e.length, a.length, actual);
        for (int i = 0; i < e.length; i++) {
            assertTrue(a[i].matches("\\S+ \\d\\.\\d{6}|/.*"), a[i]);
            String[] ap = a[i].split(" ");
            String[] ep = e[i].split(" ");
            assertEquals(ep[0], ap[0], actual);
            if (ep.length > 1) {
                assertEquals(Double.parseDouble(ep[1]), Double.parseDouble(ap[1]), 1e-5, actual);
            }
        }
    }

    @Test
    void topKAndJson() throws Exception {
        CliRun run = CliRun.of("classify", "--model", BUNDLE, "--top-k", "1", "--json",
                solid("red.png", 0xC8801E).toString(), solid("blue.png", 0x1E80C8).toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(2, json.size());
        assertEquals(1, json.get(0).get("predictions").size());
        assertEquals("road", json.get(1).get("predictions").get(0).get("label").asText());
        assertEquals(0.99998, json.get(1).get("predictions").get(0).get("score").asDouble(), 1e-5);
    }

    @Test
    void severalImagesArePrintedUnderTheirNames() throws Exception {
        Path red = solid("red.png", 0xC8801E);
        Path blue = solid("blue.png", 0x1E80C8);
        CliRun run = CliRun.of("classify", "--model", BUNDLE, red.toString(), blue.toString());
        assertScores(run.out(), red + "\nroad 0.934779\nnot-road 0.065221\n" + blue + "\nroad 0.999980\nnot-road 0.000020\n");
    }

    @Test
    void missingBundleIsAShortError() {
        CliRun run = CliRun.of("classify", "--model", dir.toString(), "x.jpg");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("loupe: " + dir + " is not a Loupe model bundle"), run.err());
    }

    @Test
    void manyImagesKeepTheirOrderAndTheirOwnScoresAcrossBatchesAndAFailure() throws Exception {
        // 40 images: more than one batch of 32, with an unreadable one inside the second batch, so the images
        // after it are shifted before the network sees them.
        List<String> args = new ArrayList<>(List.of("classify", "--model", BUNDLE, "--json", "--top-k", "1"));
        for (int i = 0; i < 40; i++) {
            if (i == 35) {
                Path broken = dir.resolve("broken.png");
                Files.writeString(broken, "not an image");
                args.add(broken.toString());
            } else {
                args.add(solid("img" + i + ".png", i % 2 == 0 ? 0xC8801E : 0x1E80C8).toString());
            }
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, run.exitCode(), "one image failed");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(40, json.size());
        for (int i = 0; i < 40; i++) {
            JsonNode row = json.get(i);
            assertEquals(args.get(6 + i), row.get("image").asText());
            if (i == 35) {
                assertTrue(row.get("error").asText().contains("not an image"), row.toString());
                continue;
            }
            double expected = i % 2 == 0 ? 0.934779 : 0.999980;
            assertEquals("road", row.get("predictions").get(0).get("label").asText(), row.toString());
            assertEquals(expected, row.get("predictions").get(0).get("score").asDouble(), 1e-5, row.toString());
        }
    }
}
