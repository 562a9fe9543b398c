package dev.loupe.export;

import java.util.Locale;

/**
 * How to export a cleaned dataset.
 *
 * @param mode          copy the files, hard-link them (no extra space, same file system) or symlink them
 * @param split         write {@code train/ val/ test/} sub-trees from the stable split
 * @param zip           write one ZIP file instead of a folder (copies only)
 * @param includeUnsure export {@code _unsure/} as a folder of its own
 */
public record ExportOptions(Mode mode, boolean split, boolean zip, boolean includeUnsure) {

    public enum Mode {
        COPY, HARDLINK, SYMLINK;

        public static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mode must be copy, hardlink or symlink; got " + value, e);
            }
        }
    }

    public ExportOptions {
        if (zip && mode != Mode.COPY) {
            throw new IllegalArgumentException("--zip stores copies; it cannot be combined with --mode " +
                    mode.name().toLowerCase(Locale.ROOT));
        }
    }

    public static ExportOptions copies() {
        return new ExportOptions(Mode.COPY, false, false, false);
    }
}
