package dev.loupe.imaging;

/**
 * What one pass over a file learned: its content hash and whether Loupe can use it as an image.
 *
 * @param status  ok, or why the file is skipped
 * @param reason  a short human-readable reason when the status is not {@link ImageStatus#OK}, else empty
 * @param format  the recognised format, or null when the bytes are not a known image format
 * @param sha256  lower-case hex SHA-256 of the file's bytes, or null when the file could not be read
 */
public record ProbeResult(ImageStatus status, String reason, ImageFormat format, int width, int height,
                          long size, String sha256) {

    public boolean ok() {
        return status == ImageStatus.OK;
    }
}
