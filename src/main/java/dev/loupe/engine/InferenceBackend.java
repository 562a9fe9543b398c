package dev.loupe.engine;

import java.util.Locale;

/** Which library runs the forward pass. Both give the same features (checked to 1e-4). */
public enum InferenceBackend {
    /** ONNX Runtime: the default, many times faster on CPUs. */
    ONNX,
    /** Deeplearning4j: the reference, and the fallback. */
    DL4J;

    public static InferenceBackend parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--engine must be onnx or dl4j; got " + value, e);
        }
    }
}
