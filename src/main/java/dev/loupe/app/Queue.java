package dev.loupe.app;

/** Which images the grid shows. */
public enum Queue {
    SUSPECTS("Suspects"), MISCLASSIFIED("Misclassified"), LOW_CONFIDENCE("Low confidence"),
    DUPLICATES("Duplicates"), CLUSTERS("Duplicate clusters"), BACK_AND_FORTH("Moved back and forth"), SIMILAR("Look-alikes"), PICKED("Picked on the map"),
    LEAKAGE("Split leakage"),
    ALL("All images");

    private final String title;

    Queue(String title) {
        this.title = title;
    }

    @Override
    public String toString() {
        return title;
    }
}
