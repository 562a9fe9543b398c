package dev.loupe.journal;

/**
 * Why a file was moved, recorded in the journal with the move.
 *
 * @param kind  what surfaced it: a review-queue kind ({@code misclassified}, {@code low-confidence}, ...),
 *              {@code manual}, or {@code cli}
 * @param score the issue score it had, or NaN
 * @param round the retraining round it was judged in, or 0
 */
public record MoveReason(String kind, double score, int round) {

    public static MoveReason manual() {
        return new MoveReason("manual", Double.NaN, 0);
    }

    public static MoveReason cli() {
        return new MoveReason("cli", Double.NaN, 0);
    }
}
