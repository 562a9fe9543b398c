package dev.loupe.dataset;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The state of a dataset after a scan, and what changed since the previous one.
 *
 * @param classes   class folders on disk, sorted (empty classes included)
 * @param buckets   reserved buckets on disk ({@code _unsure}, {@code _excluded})
 * @param counts    usable images per class and bucket
 * @param added     catalog paths new since the last scan
 * @param modified  catalog paths whose size or modification time changed
 * @param removed   catalog paths gone from disk
 * @param renamed   files that moved: same content, new path
 * @param unchanged number of files that were not re-read
 * @param skipped   files that are not usable images, with reasons
 * @param duplicates groups of identical files (conflicting groups first)
 * @param warnings  folders that could not be read, link loops
 */
public record ScanReport(List<String> classes, List<String> buckets, Map<String, Integer> counts,
                         List<String> added, List<String> modified, List<String> removed, List<Rename> renamed,
                         int unchanged, List<CatalogEntry> skipped, List<DuplicateGroup> duplicates,
                         List<String> warnings, Duration elapsed) {

    /** A file found at a new path with the same content as a file that disappeared. */
    public record Rename(String from, String to) {
    }

    /** Usable images in classes (buckets not counted). */
    public int imageCount() {
        return classes.stream().mapToInt(c -> counts.getOrDefault(c, 0)).sum();
    }

    public int count(String label) {
        return counts.getOrDefault(label, 0);
    }

    public long conflictingDuplicates() {
        return duplicates.stream().filter(DuplicateGroup::conflicting).count();
    }
}
