package dev.loupe.imaging;

/** Whether a file in a class folder can be used as an image. */
public enum ImageStatus {
    /** A readable image in a supported format. */
    OK("ok"),
    /** An image format Loupe does not decode (TIFF, WebP, HEIC, ...). */
    UNSUPPORTED("unsupported"),
    /** Not an image at all (text, empty file, unknown bytes). */
    NOT_IMAGE("not-image"),
    /** Looks like an image but cannot be read: truncated, corrupt, permission denied, broken link. */
    UNREADABLE("unreadable");

    private final String code;

    ImageStatus(String code) {
        this.code = code;
    }

    /** The stable name used in the catalog, the CLI and JSON output. */
    public String code() {
        return code;
    }

    public static ImageStatus fromCode(String code) {
        for (ImageStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown image status: " + code);
    }
}
