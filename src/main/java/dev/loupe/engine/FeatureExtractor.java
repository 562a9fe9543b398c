package dev.loupe.engine;

/**
 * A frozen backbone that turns batches of images into pooled feature vectors. The engine's inference API:
 * DL4J implements it today; other backends (ONNX Runtime) plug in behind the same interface.
 * Not thread-safe: one caller at a time.
 */
public interface FeatureExtractor extends AutoCloseable {

    BackboneSpec spec();

    /** Length of each feature vector. */
    int dimension();

    /** Input side in pixels: images are resized to {@code resolution x resolution} before {@link #extract}. */
    default int resolution() {
        return spec().resolution();
    }

    /**
     * Identifies what these features mean: architecture, width, resolution and the weights' hash. Two extractors
     * with the same fingerprint give the same features (up to float rounding), whatever their backend.
     */
    String fingerprint();

    /** Whether the weights were trained (ImageNet) rather than random. */
    boolean pretrained();

    /**
     * Computes features for {@code count} images.
     *
     * @param rgb NHWC pixels in 0..255, RGB order: {@code count * resolution * resolution * 3} floats
     * @return one vector of {@link #dimension()} floats per image
     */
    float[][] extract(float[] rgb, int count);

    @Override
    void close();
}
