package dev.loupe.rounds;

import java.util.List;

/**
 * What changed between two rounds.
 *
 * @param relabelled       images whose label changed between the rounds
 * @param flipped          images whose predicted label changed
 * @param confusionDelta   [true][predicted] test-set counts of the later round minus the earlier one
 * @param backAndForth     images moved more than once, back and forth (candidates for {@code _unsure})
 */
public record RoundDiff(int from, int to, List<Change> relabelled, List<Change> flipped, long[][] confusionDelta,
                        List<String> backAndForth) {

    /** An image (by current path) and its value in the earlier and the later round. */
    public record Change(String path, String before, String after) {
    }
}
