package dev.loupe.rounds;

import dev.loupe.engine.Classifier;
import dev.loupe.imaging.ImageDecodeException;
import dev.loupe.imaging.ImageProbe;
import dev.loupe.imaging.ImageStatus;
import dev.loupe.imaging.ModelInput;
import dev.loupe.imaging.ProbeResult;
import dev.loupe.work.Parallel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class probabilities for image files from a trained model: images decoded on every core in batches, each
 * checked as a dataset scan checks it (a truncated or damaged file gets no label, only its reason), each batch
 * run through the network at once. What {@code loupe classify} and the evaluation of a fine-tuned round share.
 */
public final class BatchClassifier {

    /** Images decoded together and run through the network as one batch. */
    static final int BATCH = 32;

    /** One image's result: its probabilities in the model's class order, or why it could not be read. */
    public record Outcome(Path image, double[] probabilities, String error) {
        public boolean ok() {
            return probabilities != null;
        }
    }

    private final Classifier model;
    private final ModelInput input;
    private final ImageProbe probe = new ImageProbe();

    public BatchClassifier(Classifier model) {
        this.model = model;
        this.input = new ModelInput(model.resolution());
    }

    /** The outcome for each image, in order. */
    public List<Outcome> classify(List<Path> images) {
        List<Outcome> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += BATCH) {
            out.addAll(batch(images.subList(from, Math.min(images.size(), from + BATCH))));
        }
        return out;
    }

    private List<Outcome> batch(List<Path> chunk) {
        int length = input.length();
        float[] pixels = new float[chunk.size() * length];
        List<String> failures = Parallel.map(chunk.size(), i -> {
            try {
                ProbeResult probed = probe.probe(chunk.get(i));
                if (probed.status() != ImageStatus.OK) {
                    return probed.reason();
                }
                input.load(chunk.get(i), pixels, i * length);
                return null;
            } catch (ImageDecodeException e) {
                return e.getMessage();
            }
        });
        int good = 0;
        for (int i = 0; i < chunk.size(); i++) {
            if (failures.get(i) == null) {
                if (good != i) {
                    System.arraycopy(pixels, i * length, pixels, good * length, length);
                }
                good++;
            }
        }
        double[][] predicted = good == 0 ? new double[0][] : model.predict(pixels, good);
        List<Outcome> out = new ArrayList<>(chunk.size());
        for (int i = 0, g = 0; i < chunk.size(); i++) {
            out.add(failures.get(i) == null ? new Outcome(chunk.get(i), predicted[g++], null)
                    : new Outcome(chunk.get(i), null, failures.get(i)));
        }
        return out;
    }
}
