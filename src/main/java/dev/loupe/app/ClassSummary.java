package dev.loupe.app;

/** One row of the class list: a class or a reserved bucket, with its number of usable images. */
public record ClassSummary(String name, int count, boolean bucket) {
    @Override
    public String toString() {
        return name + " (" + count + ")";
    }
}
