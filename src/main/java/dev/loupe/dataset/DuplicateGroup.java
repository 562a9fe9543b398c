package dev.loupe.dataset;

import java.util.List;

/**
 * Files with identical bytes.
 *
 * @param paths  catalog paths, sorted
 * @param labels the distinct labels those paths sit under, sorted
 */
public record DuplicateGroup(String sha256, List<String> paths, List<String> labels) {

    /** Identical images filed under different classes: at least one of them is mislabelled. */
    public boolean conflicting() {
        return labels.size() > 1;
    }
}
