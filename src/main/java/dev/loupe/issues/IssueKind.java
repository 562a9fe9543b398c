package dev.loupe.issues;

/** Why an image is in the review queue (or {@link #OK} when nothing is suspicious). */
public enum IssueKind {
    /** Out-of-fold prediction disagrees with the folder, or confident learning flags the label. */
    MISCLASSIFIED("misclassified"),
    /** Highest probability or margin below the threshold. */
    LOW_CONFIDENCE("low-confidence"),
    /** Identical or near-identical to an image filed under another class. */
    DUPLICATE("duplicate"),
    /** Far from every class. */
    OUTLIER("outlier"),
    OK("ok");

    private final String code;

    IssueKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
