package dev.loupe.rounds;

import java.time.Instant;

/** One row of the round history. */
public record RoundRecord(int round, Instant at, String backbone, String mode, int images, int labelsChanged,
                          double validationAccuracy, double testAccuracy, long modelBytes, double seconds,
                          String config) {
}
