package dev.loupe.journal;

import java.io.IOException;
import java.nio.file.Path;

/** Renames one file without ever replacing another; replaceable so tests can simulate failures. */
@FunctionalInterface
interface Renamer {
    void rename(Path from, Path to) throws IOException;
}
