package dev.loupe.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The datasets opened most recently, newest first, kept in a small text file per user. */
final class RecentDatasets {

    private static final int KEEP = 10;

    private final Path file;

    RecentDatasets(Path file) {
        this.file = file;
    }

    /** {@code recent.txt} in the user's settings folder ({@code ~/.config/loupe} on Linux; see UserFolders). */
    static RecentDatasets standard() {
        return new RecentDatasets(dev.loupe.work.UserFolders.standard().config().resolve("recent.txt"));
    }

    /** Folders that still exist, newest first. */
    List<Path> list() {
        List<Path> out = new ArrayList<>();
        try {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && Files.isDirectory(Path.of(line))) {
                        out.add(Path.of(line));
                    }
                }
            }
        } catch (IOException e) {
            return List.of(); // a missing or unreadable list only means no recent datasets to offer
        }
        return out;
    }

    /** Puts {@code folder} first. Failing to write the list never stops opening a dataset. */
    void add(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        List<Path> all = new ArrayList<>(list());
        all.remove(absolute);
        all.add(0, absolute);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, all.subList(0, Math.min(KEEP, all.size())).stream().map(Path::toString).toList(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            // not worth an error: the dataset opens anyway
        }
    }
}
