package dev.loupe.rounds;

import dev.loupe.imaging.Augmentation;

/**
 * One retraining round's settings, named and defaulted like retrain.py's flags.
 *
 * @param fineTune               train the whole network (minutes) instead of only a head on cached features (seconds)
 * @param learningRate           retrain.py {@code --learning_rate} (fine-tuning)
 * @param trainingSteps          retrain.py {@code --how_many_training_steps} (fine-tuning)
 * @param batchSize              retrain.py {@code --train_batch_size} (fine-tuning)
 * @param evalInterval           retrain.py {@code --eval_step_interval} (fine-tuning)
 * @param validationPercent      retrain.py {@code --validation_percentage}
 * @param testingPercent         retrain.py {@code --testing_percentage}
 */
public record RetrainConfig(String backbone, String weights, boolean fineTune, double learningRate, int trainingSteps,
                            int batchSize, int evalInterval, int validationPercent, int testingPercent,
                            Augmentation augmentation, long seed) {

    /** The same settings for another backbone name. */
    public RetrainConfig withBackbone(String name) {
        return new RetrainConfig(name, weights, fineTune, learningRate, trainingSteps, batchSize, evalInterval,
                validationPercent, testingPercent, augmentation, seed);
    }

    public static RetrainConfig defaults(String backbone) {
        return new RetrainConfig(backbone, null, false, 0.001, 200, 32, 20, 10, 10, Augmentation.NONE, 42);
    }
}
