package dev.loupe.work;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary folder Loupe creates for its own work (benchmarks, evaluations, partial exports) and removes
 * afterwards. Only folders made through {@link #create} are ever deleted: never a user's folder.
 */
public final class ScratchFolder implements AutoCloseable {

    private final Path path;

    private ScratchFolder(Path path) {
        this.path = path;
    }

    /** A new, empty folder in the system's temporary directory. */
    public static ScratchFolder create(String prefix) throws IOException {
        return new ScratchFolder(Files.createTempDirectory(prefix));
    }

    /** A new, empty folder with the given (fresh) path, e.g. a hidden sibling of an export target. */
    public static ScratchFolder createAt(Path path) throws IOException {
        return new ScratchFolder(Files.createDirectory(path));
    }

    /**
     * A scratch folder that an earlier, killed process made at {@code path} (whose name says it is Loupe's), so
     * that it can be removed.
     */
    public static ScratchFolder leftBehind(Path path) {
        return new ScratchFolder(path);
    }

    public Path path() {
        return path;
    }

    /** Deletes the folder and everything in it (links are removed, never followed). */
    @Override
    public void close() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
