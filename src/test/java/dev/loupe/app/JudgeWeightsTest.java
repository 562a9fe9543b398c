package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.engine.EngineException;
import dev.loupe.testing.ColourFeatures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without pretrained weights the window says so before scoring, and random weights are only a choice. */
class JudgeWeightsTest {

    @TempDir
    Path root;

    private final List<Path> chosen = new ArrayList<>();
    private boolean weightsHere;
    private DatasetViewModel model;

    @BeforeEach
    void offline() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        model = new DatasetViewModel(new CurrentThreadTaskExecutor(), (progress, cancel) -> {
            if (!weightsHere && !model.randomWeightsAllowed()) {
                throw new EngineException("Could not download the ImageNet weights for mobilenet-0.25-224 (offline).\n"
                        + "  Fetch:   https://example.invalid/m.h5\n  Save as: /cache/m.h5");
            }
            return new ColourFeatures();
        });
        model.setJudgeWeights(new JudgeWeights() {
            @Override
            public Optional<String> missing() {
                return weightsHere ? Optional.empty() : Optional.of("No ImageNet weights for mobilenet-0.25-224 "
                        + "on this machine yet. Scoring downloads https://example.invalid/m.h5 into /cache/m.h5");
            }

            @Override
            public void use(Path file) {
                chosen.add(file);
                weightsHere = true;
            }
        });
        model.open(root);
    }

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void theBannerSaysWhatIsMissingBeforeScoring() {
        assertTrue(model.judgeProblemProperty().get().contains("https://example.invalid/m.h5"),
                model.judgeProblemProperty().get());
        assertTrue(model.judgeProblemProperty().get().contains("/cache/m.h5"));
    }

    @Test
    void scoringWithoutWeightsFailsLoudlyInsteadOfGuessing() {
        model.score();
        assertFalse(model.scoredProperty().get(), "no verdicts from random weights unless asked for");
        assertTrue(model.judgeProblemProperty().get().contains("https://example.invalid/m.h5"),
                model.judgeProblemProperty().get());
    }

    @Test
    void randomWeightsAreAnExplicitChoice() {
        model.scoreWithRandomWeights();
        assertTrue(model.scoredProperty().get());
        assertEquals("", model.judgeProblemProperty().get());
    }

    @Test
    void aChosenWeightsFileIsRememberedAndScoringStarts() {
        model.useWeightsFile(Path.of("/data/mobilenet_2_5_224_tf_no_top.h5"));
        assertEquals(List.of(Path.of("/data/mobilenet_2_5_224_tf_no_top.h5")), chosen);
        assertEquals("", model.judgeProblemProperty().get());
        assertTrue(model.scoredProperty().get());
    }
}
