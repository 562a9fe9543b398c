package dev.loupe.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a backbone's weights come from: a file the user named, the per-user cache (downloaded on first use),
 * or none at all (random initialisation: Loupe then learns from scratch and says so).
 */
public record WeightsChoice(Kind kind, Path file) {

    public enum Kind { FILE, DOWNLOAD, NONE }

    public static WeightsChoice file(Path file) {
        return new WeightsChoice(Kind.FILE, file);
    }

    /** The official pretrained weights, from the cache or downloaded into it. */
    public static WeightsChoice pretrained() {
        return new WeightsChoice(Kind.DOWNLOAD, null);
    }

    public static WeightsChoice none() {
        return new WeightsChoice(Kind.NONE, null);
    }

    /** Parses a {@code --weights} value: a file, {@code none}, or absent (download). */
    public static WeightsChoice parse(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return pretrained();
        }
        return "none".equalsIgnoreCase(value.get().trim()) ? none() : file(Path.of(value.get()));
    }
}
