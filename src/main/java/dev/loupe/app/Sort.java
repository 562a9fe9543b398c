package dev.loupe.app;

/** The grid's order. */
public enum Sort {
    SCORE("issue score"), CONFIDENCE("confidence, least sure first"), NAME("name"), DATE("date, newest first");

    private final String label;

    Sort(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
