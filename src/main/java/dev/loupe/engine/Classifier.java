package dev.loupe.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained image classifier loaded from a bundle folder: a DL4J bundle ({@link TrainedModel}, {@code model.zip})
 * or an ONNX one ({@link OnnxClassifier}, {@code model.onnx}). Not thread-safe beyond {@link #predict}.
 */
public interface Classifier extends AutoCloseable {

    /** Output classes, in order. */
    List<String> classes();

    /** Side of the square images are loaded at for {@link #predict}. */
    int resolution();

    /** Class probabilities for {@code count} images given as NHWC RGB 0..255 floats at {@link #resolution()}. */
    double[][] predict(float[] rgb, int count);

    /** What the bundle says it is built on: a backbone name such as {@code mobilenet-0.25-224}. */
    String architecture();

    @Override
    void close();

    /** ONNX Runtime's float probabilities as the doubles {@link #predict} returns. */
    static double[][] widen(float[][] p) {
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = new double[p[i].length];
            for (int j = 0; j < p[i].length; j++) {
                out[i][j] = p[i][j];
            }
        }
        return out;
    }

    /**
     * Loads the bundle in {@code dir}, whichever kind it is.
     *
     * @throws EngineException when it is neither, or its files do not check out
     */
    static Classifier load(Path dir) {
        if (Files.isRegularFile(dir.resolve(OnnxClassifier.GRAPH_FILE))) {
            return OnnxClassifier.load(dir);
        }
        return TrainedModel.load(dir);
    }
}
