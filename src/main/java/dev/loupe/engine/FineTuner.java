package dev.loupe.engine;

import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a whole MobileNet (every layer, not just the top) with retrain.py's controls: steps, batch size,
 * learning rate, evaluation interval. Starts from ImageNet weights when given, else from scratch.
 */
public final class FineTuner {

    /** retrain.py's knobs that apply to fine-tuning. */
    public record Options(int steps, int batchSize, double learningRate, int evalInterval, long seed) {
        public Options {
            if (steps < 1 || batchSize < 1 || learningRate <= 0 || evalInterval < 1) {
                throw new IllegalArgumentException("steps, batch size and evaluation interval must be positive, "
                        + "and the learning rate above 0");
            }
        }
    }

    /** One evaluation point: loss and accuracy on the last training batch and on the validation set. */
    public record Step(int step, double trainLoss, double trainAccuracy, double validationLoss,
                       double validationAccuracy) {
    }

    /** Receives evaluation points as training runs (on the training thread). */
    @FunctionalInterface
    public interface StepListener {
        void onStep(Step step);
    }

    public TrainedModel fineTune(BackboneSpec spec, Optional<Path> weights, List<String> classes, TrainingSource source,
                                 Options options, StepListener listener, ProgressListener progress,
                                 CancellationToken cancel) {
        ComputationGraph net = MobileNetV1.build(spec, classes.size(), options.seed(), options.learningRate());
        Random random = new Random(options.seed());
        if (weights.isPresent()) {
            KerasMobileNetWeights.load(net, spec, weights.get());
        } else {
            TrainingSource.Batch sample = source.next(Math.min(16, Math.max(2, options.batchSize())), random);
            MobileNetV1.calibrateBatchNorm(net, input(spec, sample));
        }
        for (int step = 1; step <= options.steps(); step++) {
            cancel.throwIfCancelled();
            TrainingSource.Batch batch = source.next(options.batchSize(), random);
            INDArray x = input(spec, batch);
            INDArray y = oneHot(batch.labels(), classes.size());
            net.fit(new INDArray[] {x}, new INDArray[] {y});
            progress.progress(step, options.steps(), "Fine-tuning " + spec.name() + ", step " + step);
            if (step % options.evalInterval() == 0 || step == options.steps()) {
                double[] train = lossAndAccuracy(net, List.of(batch), classes.size(), spec);
                double[] validation = lossAndAccuracy(net, source.validation(options.batchSize()), classes.size(), spec);
                listener.onStep(new Step(step, train[0], train[1], validation[0], validation[1]));
            }
        }
        Map<String, Object> provenance = Map.of("seed", options.seed(), "steps", options.steps(),
                "batch_size", options.batchSize(), "learning_rate", options.learningRate(),
                "weights", weights.map(p -> "sha256:" + WeightsStore.sha256(p)).orElse("none (trained from scratch)"));
        return TrainedModel.fromGraph(net, spec, classes, Map.of(), provenance);
    }

    private static INDArray input(BackboneSpec spec, TrainingSource.Batch batch) {
        int size = spec.resolution();
        return Nd4j.create(Normalization.MINUS_ONE_TO_ONE.toNchw(batch.rgb(), batch.count(), size),
                new long[] {batch.count(), 3, size, size}, 'c');
    }

    private static INDArray oneHot(int[] labels, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1f);
        }
        return y;
    }

    /** Mean cross-entropy and accuracy over the batches; NaN when there are none. */
    static double[] lossAndAccuracy(ComputationGraph net, List<TrainingSource.Batch> batches, int classes,
                                    BackboneSpec spec) {
        double loss = 0;
        int right = 0;
        int count = 0;
        for (TrainingSource.Batch batch : batches) {
            INDArray p = net.outputSingle(false, input(spec, batch));
            for (int i = 0; i < batch.count(); i++) {
                double[] row = p.getRow(i).toDoubleVector();
                int best = dev.loupe.work.Vectors.argmax(row);
                right += best == batch.labels()[i] ? 1 : 0;
                loss -= Math.log(Math.max(1e-12, row[batch.labels()[i]]));
                count++;
            }
        }
        return count == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {loss / count, (double) right / count};
    }

    /**
     * Fine-tuning speed: training images per second for {@code spec} (every layer trained, batch
     * {@code batchSize}, random pixels and labels), timed over {@code steps} steps after one warm-up step.
     */
    public static double trainingImagesPerSecond(BackboneSpec spec, int batchSize, int steps) {
        ComputationGraph net = MobileNetV1.build(spec, 2, 1, 0.01);
        try {
            Random random = new Random(1);
            int size = spec.resolution();
            float[] rgb = new float[batchSize * size * size * 3];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = random.nextInt(256);
            }
            int[] labels = new int[batchSize];
            for (int i = 0; i < batchSize; i++) {
                labels[i] = i % 2;
            }
            TrainingSource.Batch batch = new TrainingSource.Batch(rgb, labels);
            INDArray x = input(spec, batch);
            INDArray y = oneHot(labels, 2);
            net.fit(new INDArray[] {x}, new INDArray[] {y});
            long start = System.nanoTime();
            for (int step = 0; step < steps; step++) {
                net.fit(new INDArray[] {x}, new INDArray[] {y});
            }
            return (double) steps * batchSize / ((System.nanoTime() - start) / 1e9);
        } finally {
            net.clear();
        }
    }
}
