package dev.loupe.app;

import dev.loupe.issues.IssueKind;
import dev.loupe.issues.ReviewLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One image in the grid.
 *
 * @param label      the folder it is filed in
 * @param predicted  the model's most likely class, or null before scoring (or for buckets)
 * @param confidence the model's probability for {@code predicted}
 * @param kind       the issue kind, or null before scoring
 * @param score      suspicion, 0..1 (0 before scoring)
 * @param decision   the reviewer's decision ({@link ReviewLog#KEPT}, {@link ReviewLog#MOVED}), null if none yet
 */
public record ImageTile(String path, String sha256, Path file, String label, String predicted, double confidence,
                        IssueKind kind, double score, String decision, int width, int height, long size,
                        long modified, Map<String, Double> probabilities, List<String> duplicates) {
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether a reviewer has decided on this image (kept its label or moved it). */
    public boolean reviewed() {
        return decision != null;
    }

    public boolean suspect() {
        return kind != null && kind != IssueKind.OK;
    }
}
