package dev.loupe.export;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an export wrote.
 *
 * @param counts   exported images per class (per split and class with {@code --split}, as {@code train/road})
 * @param changed  exported images whose label differs from the one they had before Loupe moved them
 * @param left out images not exported ({@code _excluded}, and {@code _unsure} unless asked for)
 */
public record ExportReport(Path output, Map<String, Integer> counts, int exported, int changed, int leftOut) {
}
