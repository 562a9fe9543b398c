package dev.loupe.app;

import java.nio.file.Path;
import java.util.Optional;

/** Whether the judge's pretrained weights are on this machine, and how to name a file for them. */
public interface JudgeWeights {
    /** What is missing (what to fetch, where to save it), or empty when the weights are there. */
    Optional<String> missing();

    /** Remembers {@code file} as the judge's weights (the settings file). */
    void use(Path file);
}
