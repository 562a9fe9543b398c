package dev.loupe.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies the bundled {@code sample-dataset/} (without Loupe's state) so tests never change the original. */
public final class SampleDatasetCopy {

    private SampleDatasetCopy() {
    }

    public static void copyTo(Path target) throws IOException {
        copy(Path.of("sample-dataset"), target);
    }

    /** Copies any dataset folder's images and files, without Loupe's state ({@code .loupe/}). */
    public static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String relative = source.relativize(p).toString();
                if (relative.startsWith(".loupe")) {
                    continue;
                }
                Path dest = target.resolve(relative);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (!Files.exists(dest)) {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
