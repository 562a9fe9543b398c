package dev.loupe.rounds;

import dev.loupe.engine.TrainingSource;
import dev.loupe.imaging.Augmentation;
import dev.loupe.imaging.ImageDecodeException;
import dev.loupe.imaging.ImageDecoder;
import dev.loupe.imaging.ModelInput;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Training batches decoded from image files with retrain.py's distortions; validation images undistorted. */
final class ImageSource implements TrainingSource {

    /** An image file and its class index. */
    record Labelled(Path file, int label) {
    }

    private static final int MAX_VALIDATION = 256;

    private final List<Labelled> train;
    private final List<Labelled> validation;
    private final Augmentation augmentation;
    private final int size;
    private final ImageDecoder decoder = new ImageDecoder();
    private List<Batch> validationBatches;

    ImageSource(List<Labelled> train, List<Labelled> validation, Augmentation augmentation, int size) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("No training images");
        }
        this.train = train;
        this.validation = validation.subList(0, Math.min(MAX_VALIDATION, validation.size()));
        this.augmentation = augmentation;
        this.size = size;
    }

    @Override
    public Batch next(int count, Random random) {
        float[] rgb = new float[count * size * size * 3];
        int[] labels = new int[count];
        int filled = 0;
        int attempts = 0;
        while (filled < count && attempts++ < count * 10) {
            Labelled item = train.get(random.nextInt(train.size()));
            try {
                BufferedImage image = decoder.decode(item.file(), size);
                float[] pixels = augmentation.apply(image, size, random);
                System.arraycopy(pixels, 0, rgb, filled * pixels.length, pixels.length);
                labels[filled++] = item.label();
            } catch (ImageDecodeException e) {
                // An undecodable image is reported by the catalog and featurizer; training just skips it.
            }
        }
        if (filled < count) {
            throw new IllegalStateException("Too many training images cannot be decoded");
        }
        return new Batch(rgb, labels);
    }

    @Override
    public List<Batch> validation(int batchSize) {
        if (validationBatches == null) {
            ModelInput input = new ModelInput(size);
            List<Batch> batches = new ArrayList<>();
            for (int from = 0; from < validation.size(); from += batchSize) {
                List<Labelled> part = validation.subList(from, Math.min(validation.size(), from + batchSize));
                List<float[]> pixels = new ArrayList<>();
                List<Integer> labels = new ArrayList<>();
                for (Labelled item : part) {
                    try {
                        pixels.add(input.load(item.file()));
                        labels.add(item.label());
                    } catch (ImageDecodeException e) {
                        // skipped, as in training
                    }
                }
                float[] rgb = new float[pixels.size() * input.length()];
                for (int i = 0; i < pixels.size(); i++) {
                    System.arraycopy(pixels.get(i), 0, rgb, i * input.length(), input.length());
                }
                batches.add(new Batch(rgb, labels.stream().mapToInt(Integer::intValue).toArray()));
            }
            validationBatches = batches;
        }
        return validationBatches;
    }
}
