package dev.loupe.journal;

import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.WriterLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * Class folders made and removed around a rename or a merge, under the dataset's writer lock: a new class's
 * empty folder before its images move in, an emptied one after they moved out (the journal's undo makes it
 * again when it moves images back). Never removes a folder with anything in it.
 */
public final class ClassFolders {

    private ClassFolders() {
    }

    /**
     * Makes the folder of a new class {@code label} (before a rename moves images into it). A name that is not a
     * class name, or a folder that exists already, is refused.
     */
    public static void create(DatasetLayout layout, String label) {
        if (!DatasetLayout.isClassName(label) || label.contains("/") || label.contains("\\")) {
            throw new DatasetException("'" + label + "' cannot be a class name: a folder name not starting with '.' "
                    + "or '_'");
        }
        try (WriterLock.Held lock = WriterLock.acquire(layout)) {
            java.nio.file.Path dir = layout.root().resolve(label);
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new DatasetException("There is already a folder " + label + " in " + layout.root());
            }
            Files.createDirectory(dir);
        } catch (java.io.IOException e) {
            throw new DatasetException("Could not make the folder " + label + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the folder of class {@code label} when nothing is left in it (after a merge or a rename moved its
     * images out; undoing that makes it again). A folder with anything in it, even a hidden file, stays.
     *
     * @return whether the folder was removed
     */
    public static boolean removeIfEmpty(DatasetLayout layout, String label) {
        if (!DatasetLayout.isClassName(label) || label.contains("/") || label.contains("\\")) {
            return false;
        }
        try (WriterLock.Held lock = WriterLock.acquire(layout)) {
            java.nio.file.Path dir = layout.root().resolve(label);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            try (java.util.stream.Stream<java.nio.file.Path> left = Files.list(dir)) {
                if (left.findAny().isPresent()) {
                    return false;
                }
            }
            Files.delete(dir); // an empty directory: the call fails rather than delete anything in it
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
