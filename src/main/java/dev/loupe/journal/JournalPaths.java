package dev.loupe.journal;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * The journal's rules for paths, applied alike to moves, undo, redo and recovery: the target is a class name,
 * nothing goes through a folder that is a link, nothing leaves the dataset, and a taken name becomes
 * {@code name (2).jpg}.
 */
final class JournalPaths {

    private final Catalog catalog;
    private final DatasetLayout layout;

    JournalPaths(Catalog catalog) {
        this.catalog = catalog;
        this.layout = catalog.layout();
    }


    /** The target label's folder, created for reserved buckets; refused if it lies outside the dataset. */
    Path checkedTargetFolder(String label) {
        if (label.contains("/") || label.contains("\\") || label.equals("..")) {
            throw new DatasetException("'" + label + "' is a path; the target is a class name (one of "
                    + String.join(", ", layout.classesOnDisk()) + ", or _unsure, _excluded)");
        }
        if (!DatasetLayout.isClassName(label) && !DatasetLayout.isBucketName(label)) {
            throw new DatasetException("'" + label + "' is not a class (classes are folders not starting with '.' "
                    + "or '_'; the reserved buckets are _unsure and _excluded)");
        }
        Path dir = layout.root().resolve(label);
        if (Files.isSymbolicLink(dir)) {
            throw new DatasetException("The folder of class '" + label + "' is a symbolic link; Loupe does not follow "
                    + "links out of the dataset or back into it, so it never moves images there");
        }
        try {
            if (!Files.isDirectory(dir)) {
                if (DatasetLayout.isBucketName(label)) {
                    Files.createDirectories(dir);
                } else {
                    throw new DatasetException("No class '" + label + "' in " + layout.root()
                            + " (classes: " + String.join(", ", layout.classesOnDisk()) + ")");
                }
            }
            if (!dir.toRealPath().startsWith(layout.root().toRealPath())) {
                throw new DatasetException("The folder of class '" + label + "' is a link to " + dir.toRealPath()
                        + ", outside the dataset; Loupe never writes outside the dataset");
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot use class folder " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** A catalog path that stays inside the dataset, or a refusal. */
    String checkedPath(String raw) {
        String p = raw.replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            Path absolute = Path.of(raw).toAbsolutePath().normalize();
            if (!absolute.startsWith(layout.root())) {
                throw new DatasetException("outside the dataset; Loupe only moves files inside it");
            }
            return layout.relativePath(absolute);
        }
        Path resolved = layout.root().resolve(p).normalize();
        if (!resolved.startsWith(layout.root()) || resolved.equals(layout.root())) {
            throw new DatasetException("outside the dataset; Loupe only moves files inside it");
        }
        return layout.relativePath(resolved);
    }

    /**
     * Why a catalog path cannot be moved from or to because a folder on its way (the class folder or one below
     * it) is a symbolic link, or null when every folder on the way is a real one. The file itself may be a link:
     * it is moved as a link.
     */
    String linkOnTheWay(String path) {
        Path dir = layout.root();
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            dir = dir.resolve(parts[i]);
            if (Files.isSymbolicLink(dir)) {
                return layout.relativePath(dir) + " is a symbolic link to a folder; Loupe does not follow links out "
                        + "of the dataset or back into it";
            }
        }
        return null;
    }

    /** {@code path} if free, else the first of {@code stem (2).ext}, {@code stem (3).ext}, ... next to it. */
    String freeAt(String path, Set<String> planned) {
        return DatasetLayout.freeName(path, candidate -> taken(candidate, planned));
    }

    private boolean taken(String path, Set<String> planned) {
        return planned.contains(path) || Files.exists(layout.resolve(path), LinkOption.NOFOLLOW_LINKS)
                || catalog.find(path).isPresent();
    }
}
