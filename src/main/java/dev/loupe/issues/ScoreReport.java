package dev.loupe.issues;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The review queue and the confident-learning estimate of how many labels are wrong.
 *
 * @param classes        class names, in index order
 * @param queue          every scored image once, best suspects first
 * @param confidentJoint [given][true] counts of the confident joint
 * @param estimatedErrors estimated number of images filed as {@code given} that belong to {@code true}
 *                        (off-diagonal of the calibrated confident joint), keyed "given -> true"
 * @param skipped        catalog path → reason, for images without features
 */
public record ScoreReport(List<String> classes, List<ScoredImage> queue, long[][] confidentJoint,
                          Map<String, Long> estimatedErrors, Map<String, String> skipped, double l2,
                          Duration elapsed) {

    public long totalEstimatedErrors() {
        return estimatedErrors.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(IssueKind kind) {
        return queue.stream().filter(s -> s.kind() == kind).count();
    }
}
