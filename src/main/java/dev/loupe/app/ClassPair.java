package dev.loupe.app;

/** A class-pair page: images filed under one class that the model puts in another. */
public record ClassPair(String filed, String looks, long estimated) {
    @Override
    public String toString() {
        return "filed " + filed + " → looks " + looks + " (~" + estimated + ")";
    }
}
