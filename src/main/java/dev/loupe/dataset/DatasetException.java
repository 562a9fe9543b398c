package dev.loupe.dataset;

/** A problem with a dataset that the user can act on; the message says what and where. */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
