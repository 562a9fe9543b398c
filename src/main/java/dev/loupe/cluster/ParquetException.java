package dev.loupe.cluster;

/** A Parquet file Loupe cannot read, with the reason in words. */
public final class ParquetException extends RuntimeException {

    public ParquetException(String message) {
        super(message);
    }

    public ParquetException(String message, Throwable cause) {
        super(message, cause);
    }
}
