package dev.loupe.app;

import dev.loupe.dataset.DatasetLayout;
import dev.loupe.journal.ClassFolders;
import dev.loupe.journal.OpenedDataset;
import java.util.List;
import java.util.Optional;

/**
 * Edits to a whole class, each one journal step that one undo takes back and that marks no image as
 * reviewed: merging a class into another, renaming one. Each returns why it was refused, or empty once the
 * move is under way.
 */
final class ClassEdits {

    private ClassEdits() {
    }

    /** Every image filed under {@code from} moves to {@code into}; the emptied folder is removed. */
    static Optional<String> merge(OpenedDataset ds, List<ImageTile> tiles, ReviewActions actions, String from,
                                  String into) {
        List<String> names = ds.layout().classesOnDisk();
        if (!names.contains(from) || !names.contains(into) || from.equals(into)) {
            return Optional.of("Merge: choose two different classes (" + String.join(", ", names) + ").");
        }
        actions.relabel(filedUnder(tiles, from), into, "merge " + from + " into " + into, () -> { },
                () -> ClassFolders.removeIfEmpty(ds.layout(), from));
        return Optional.empty();
    }

    /**
     * A new folder {@code to}, every image of {@code from} moved into it, the emptied folder removed. A name
     * already taken is refused (that is a merge), as is one that cannot be a class.
     */
    static Optional<String> rename(OpenedDataset ds, List<ImageTile> tiles, ReviewActions actions, String from,
                                   String to) {
        String name = to == null ? "" : to.trim();
        List<String> names = ds.layout().classesOnDisk();
        if (!names.contains(from)) {
            return Optional.of("No class " + from + ".");
        }
        if (!DatasetLayout.isClassName(name) || name.contains("/") || name.contains("\\") || name.equals("..")) {
            return Optional.of("'" + name + "' cannot be a class name: a folder name not starting with '.' or '_'.");
        }
        if (names.contains(name)) {
            return Optional.of("There is already a class " + name + ": use Merge to file " + from + "'s images there.");
        }
        actions.relabel(filedUnder(tiles, from), name, "rename " + from + " to " + name,
                () -> ClassFolders.create(ds.layout(), name), () -> ClassFolders.removeIfEmpty(ds.layout(), from));
        return Optional.empty();
    }

    private static List<ImageTile> filedUnder(List<ImageTile> tiles, String label) {
        return tiles.stream().filter(t -> t.label().equals(label)).toList();
    }
}
