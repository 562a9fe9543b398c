package dev.loupe.imaging;

import java.util.Optional;

/** Image container formats recognised from a file's first bytes (never from its name). */
public enum ImageFormat {
    JPEG("JPEG", true),
    PNG("PNG", true),
    BMP("BMP", true),
    GIF("GIF", true),
    TIFF("TIFF", false),
    WEBP("WebP", false),
    HEIF("HEIF/HEIC", false),
    ICO("ICO", false);

    private final String displayName;
    private final boolean supported;

    ImageFormat(String displayName, boolean supported) {
        this.displayName = displayName;
        this.supported = supported;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether Loupe decodes this format (the others are catalogued as skipped, with a reason). */
    public boolean supported() {
        return supported;
    }

    /** Recognises a format from the first bytes of a file ({@code head} may be shorter than 16 bytes). */
    public static Optional<ImageFormat> sniff(byte[] head, int length) {
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, length, 'G', 'I', 'F', '8') && length >= 6 && (head[4] == '7' || head[4] == '9')
                && head[5] == 'a') {
            return Optional.of(GIF);
        }
        if (startsWith(head, length, 'B', 'M') && length >= 14) {
            return Optional.of(BMP);
        }
        if (startsWith(head, length, 'I', 'I', 0x2A, 0x00) || startsWith(head, length, 'M', 'M', 0x00, 0x2A)) {
            return Optional.of(TIFF);
        }
        if (startsWith(head, length, 'R', 'I', 'F', 'F') && length >= 12
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        if (length >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            String brand = new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("avi")) {
                return Optional.of(HEIF);
            }
        }
        if (startsWith(head, length, 0x00, 0x00, 0x01, 0x00)) {
            return Optional.of(ICO);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
