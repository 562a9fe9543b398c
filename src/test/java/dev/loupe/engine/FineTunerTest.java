package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class FineTunerTest {

    /** Class 0: warm-tinted noise with a gray square; class 1: cool-tinted. Position and noise vary. */
    public static final class Squares implements TrainingSource {
        private final List<Batch> validation = new ArrayList<>();

        public Squares() {
            Random r = new Random(100);
            for (int b = 0; b < 2; b++) {
                validation.add(batch(8, r));
            }
        }

        static Batch batch(int size, Random r) {
            int side = 128;
            float[] rgb = new float[size * side * side * 3];
            int[] labels = new int[size];
            for (int n = 0; n < size; n++) {
                labels[n] = r.nextInt(2);
                int x0 = r.nextInt(64);
                int y0 = r.nextInt(64);
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int o = ((n * side + y) * side + x) * 3;
                        boolean inside = x >= x0 && x < x0 + 48 && y >= y0 && y < y0 + 48;
                        float noise = r.nextInt(60);
                        float warm = labels[n] == 0 ? 60 : -60;
                        rgb[o] = inside ? 128 : 128 + warm + noise - 30;
                        rgb[o + 1] = inside ? 128 : 100 + noise;
                        rgb[o + 2] = inside ? 128 : 128 - warm + noise - 30;
                    }
                }
            }
            return new Batch(rgb, labels);
        }

        @Override
        public Batch next(int size, Random random) {
            return batch(size, random);
        }

        @Override
        public List<Batch> validation(int batchSize) {
            return validation;
        }
    }

    @Test
    void shortFineTuneFromScratchBeatsChance() {
        List<FineTuner.Step> steps = new ArrayList<>();
        FineTuner.Options options = new FineTuner.Options(36, 8, 2e-3, 12, 1);
        try (TrainedModel model = new FineTuner().fineTune(BackboneSpec.mobileNet(0.25, 128), Optional.empty(),
                List.of("warm", "cool"), new Squares(), options, steps::add, ProgressListener.NONE,
                CancellationToken.none())) {
            assertEquals(List.of(12, 24, 36), steps.stream().map(FineTuner.Step::step).toList());
            double accuracy = steps.get(steps.size() - 1).validationAccuracy();
            assertTrue(accuracy >= 0.8, "validation accuracy " + accuracy + " after " + steps);
            assertEquals(List.of("warm", "cool"), model.classes());
        }
    }
}
