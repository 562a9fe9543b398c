package dev.loupe.imaging;

/** An image file that cannot be decoded; the message is the reason, fit to show a user. */
public final class ImageDecodeException extends RuntimeException {

    public ImageDecodeException(String message) {
        super(message);
    }

    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
