package dev.loupe.export;

import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.rounds.RoundHistory;
import dev.loupe.rounds.RoundRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Copies a round's model bundle ({@code model.zip}, {@code labels.txt}, {@code model.json}) out of the dataset
 * for {@code loupe classify} and other machines: {@code loupe export-model} and the window's Export model….
 */
public final class ModelExport {

    private ModelExport() {
    }

    /**
     * Copies round {@code round}'s bundle (the latest when null) into {@code to}, a new or empty folder outside
     * the dataset; returns the round exported.
     */
    public static int export(RoundHistory history, DatasetLayout layout, Integer round, Path to) {
        List<RoundRecord> rounds = history.rounds();
        if (rounds.isEmpty()) {
            throw new DatasetException("No rounds yet: retrain first (loupe retrain, or Retrain… in the window)");
        }
        int n = round == null ? rounds.get(rounds.size() - 1).round() : round;
        Path bundle = RoundHistory.bundleDir(layout, n);
        if (!Files.isDirectory(bundle)) {
            throw new DatasetException("No model for round " + n + " (rounds: " + rounds.stream()
                    .map(r -> String.valueOf(r.round())).collect(Collectors.joining(", ")) + ")");
        }
        Path target = to.toAbsolutePath().normalize();
        if (target.startsWith(layout.root())) {
            throw new DatasetException("Export the model to a folder outside the dataset (" + target + " is inside "
                    + layout.root() + ")");
        }
        try {
            if (Files.exists(target)) {
                try (Stream<Path> entries = Files.list(target)) {
                    if (entries.findAny().isPresent()) {
                        throw new DatasetException(target + " is not empty; Loupe never overwrites. Choose a new or "
                                + "empty folder.");
                    }
                }
            }
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(bundle)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot export round " + n + "'s model to " + target + ": " + e.getMessage(), e);
        }
        return n;
    }
}
