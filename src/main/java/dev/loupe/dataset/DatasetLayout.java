package dev.loupe.dataset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rules of a folder-per-class dataset.
 *
 * <p>Every sub-folder of the dataset root is a class, except folders whose names start with {@code .} or
 * {@code _}. Two of those are reserved buckets: {@code _unsure} (set aside for a second look) and
 * {@code _excluded} (kept on disk, left out of training and export). Files directly in the root are not
 * images of any class (a ground-truth CSV may live there). Loupe keeps its state in {@code .loupe/}.
 */
public final class DatasetLayout {

    public static final String STATE_DIR = ".loupe";
    public static final String UNSURE = "_unsure";
    public static final String EXCLUDED = "_excluded";

    private final Path root;

    public DatasetLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where Loupe keeps its catalog, journal and caches for this dataset. */
    public Path stateDir() {
        return root.resolve(STATE_DIR);
    }

    /** Whether a top-level folder name is a class. */
    public static boolean isClassName(String name) {
        return !name.isEmpty() && !name.startsWith(".") && !name.startsWith("_");
    }

    /** Whether a top-level folder name is one of Loupe's reserved buckets. */
    public static boolean isBucketName(String name) {
        return UNSURE.equals(name) || EXCLUDED.equals(name);
    }

    /** Hidden files and folders (dot-names) are never images of the dataset. */
    public static boolean isHidden(String name) {
        return name.startsWith(".");
    }

    /**
     * The class folders present on disk, sorted by name. Empty folders count: a class may have no images yet.
     *
     * @throws DatasetException if the root is not a readable folder
     */
    public List<String> classesOnDisk() {
        return topLevelFolders(true);
    }

    /** The reserved buckets present on disk ({@code _unsure}, {@code _excluded}). */
    public List<String> bucketsOnDisk() {
        return topLevelFolders(false);
    }

    private List<String> topLevelFolders(boolean classes) {
        requireDatasetFolder();
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean wanted = classes ? isClassName(name) : isBucketName(name);
                // A link is not a class folder: Loupe never follows links out of the dataset or back into it.
                if (wanted && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot list the dataset folder " + root + ": " + e.getMessage(), e);
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** Top-level entries that would be class folders or buckets but are symbolic links to folders. */
    public List<String> linkedTopLevelFolders() {
        requireDatasetFolder();
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if ((isClassName(name) || isBucketName(name)) && Files.isSymbolicLink(entry) && Files.isDirectory(entry)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot list the dataset folder " + root + ": " + e.getMessage(), e);
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** Fails with a clear message when the root does not exist or is not a folder. */
    public void requireDatasetFolder() {
        if (!Files.exists(root)) {
            throw new DatasetException("No such folder: " + root);
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException("Not a folder: " + root + " (a dataset is a folder with one sub-folder per class)");
        }
    }

    /** The catalog path of a file: relative to the root, with {@code /} separators. */
    public String relativePath(Path file) {
        Path relative = root.relativize(file.toAbsolutePath().normalize());
        StringBuilder out = new StringBuilder();
        for (Path part : relative) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    /** The file on disk for a catalog path. */
    public Path resolve(String relativePath) {
        return root.resolve(relativePath.replace('/', java.io.File.separatorChar));
    }

    /**
     * The first of {@code path}, {@code stem (2).ext}, {@code stem (3).ext}, ... (in the same folder) that
     * {@code taken} does not claim: how Loupe names a file whose name is taken, wherever it places one.
     */
    public static String freeName(String path, java.util.function.Predicate<String> taken) {
        int slash = path.lastIndexOf('/');
        String folder = path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String candidate = path;
        for (int n = 2; taken.test(candidate); n++) {
            candidate = folder + stem + " (" + n + ")" + ext;
        }
        return candidate;
    }

    /** The class (or bucket) a catalog path belongs to: its first path segment. */
    public static String labelOf(String relativePath) {
        int slash = relativePath.indexOf('/');
        return slash < 0 ? relativePath : relativePath.substring(0, slash);
    }
}
