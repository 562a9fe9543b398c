package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.testing.Shared;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One policy for missing pretrained weights: strict on the command line, explicit elsewhere. */
class JudgeOpenerTest {

    private static final BackboneSpec SMALL = BackboneSpec.mobileNet(0.25, 128);
    private static final Path SHARED_WEIGHTS = Shared.mobileNet025();

    @TempDir
    Path cache;

    private WeightsStore offline;
    private final List<String> notices = new ArrayList<>();

    @BeforeEach
    void noNetwork() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        offline = new WeightsStore(cache, "http://127.0.0.1:" + closedPort + "/m/");
    }

    private FeatureExtractor open(JudgeOpener.Fallback fallback) {
        return JudgeOpener.open(offline, SMALL, WeightsChoice.pretrained(), 1, InferenceBackend.ONNX, fallback,
                notices::add, ProgressListener.NONE, CancellationToken.none());
    }

    @Test
    void strictFailsWithTheDownloadsInstructions() {
        EngineException e = assertThrows(EngineException.class, () -> open(JudgeOpener.Fallback.STRICT));
        assertTrue(e.getMessage().contains("Save as: " + cache.resolve("mobilenet_2_5_128_tf_no_top.h5")), e.getMessage());
        assertTrue(notices.isEmpty());
    }

    @Test
    void sameWidthWithoutACachedFileStillFails() {
        assertThrows(EngineException.class, () -> open(JudgeOpener.Fallback.SAME_WIDTH));
    }

    @Test
    void randomWeightsOnlyWhenAskedForAndSaidSo() {
        try (FeatureExtractor judge = open(JudgeOpener.Fallback.SAME_WIDTH_THEN_RANDOM)) {
            assertFalse(judge.pretrained());
        }
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).endsWith("; using random weights"), notices.get(0));
    }

    @Test
    void aCachedFileOfTheSameWidthStandsIn() throws IOException {
        assumeTrue(Files.isRegularFile(SHARED_WEIGHTS), "LOUD SKIP: ../shared/weights is missing");
        Files.copy(SHARED_WEIGHTS, cache.resolve("mobilenet_2_5_224_tf_no_top.h5"));
        try (FeatureExtractor judge = open(JudgeOpener.Fallback.SAME_WIDTH)) {
            assertTrue(judge.pretrained());
        }
        assertTrue(notices.get(0).contains("using the cached weights of the same width, mobilenet_2_5_224"),
                notices.toString());
    }
}
