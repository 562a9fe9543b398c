package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testing.Shared;
import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {

    private static final Path SHARED = Shared.root();

    @TempDir
    Path dir;

    @Test
    void printsOneJsonObjectPerImageAndNothingElse() throws Exception {
        Path a = TestImages.jpeg(dir.resolve("a.jpg"), 1);
        CliRun run = CliRun.of("features", "--backbone", "mobilenet-0.25-128", "--weights", "none", a.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(1, json.size());
        assertEquals(a.toString(), json.get(0).get("image").asText());
        assertEquals(256, json.get(0).get("features").size());
    }

    @Test
    void undecodableImageGetsAnErrorAndExitCode1() throws Exception {
        Path bad = TestImages.bytes(dir.resolve("bad.jpg"), "text".getBytes());
        CliRun run = CliRun.of("features", "--backbone", "mobilenet-0.25-128", "--weights", "none", bad.toString());
        assertEquals(1, run.exitCode());
        assertEquals("not an image in a supported format",
                new ObjectMapper().readTree(run.out()).get(0).get("error").asText());
    }

    @Test
    void goldenImagesGiveTheReferenceFeaturesEndToEnd() throws Exception {
        Path weights = SHARED.resolve("weights/mobilenet_2_5_224_tf_no_top.h5");
        Path golden = SHARED.resolve("golden/mobilenet_0.25_features.json");
        assumeTrue(Files.isRegularFile(weights) && Files.isRegularFile(golden), "../shared is not present");
        JsonNode expected = new ObjectMapper().readTree(golden.toFile()).get("cases");
        String[] args = new String[5 + expected.size()];
        args[0] = "features";
        args[1] = "--backbone";
        args[2] = "mobilenet-0.25-224";
        args[3] = "--weights";
        args[4] = weights.toString();
        for (int i = 0; i < expected.size(); i++) {
            args[5 + i] = golden.resolveSibling(expected.get(i).get("image").asText()).toString();
        }
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode actual = new ObjectMapper().readTree(run.out());
        for (int i = 0; i < expected.size(); i++) {
            double maxDiff = 0;
            for (int k = 0; k < 256; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual.get(i).get("features").get(k).asDouble()
                        - expected.get(i).get("features").get(k).asDouble()));
            }
            assertTrue(maxDiff <= 1e-3, expected.get(i).get("image") + " differs by " + maxDiff);
        }
    }
}
