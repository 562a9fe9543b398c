package dev.loupe.testing;

import dev.loupe.dataset.ContentHash;
import dev.loupe.dataset.DatasetLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What is on disk in a dataset, for tests that check nothing was lost. */
public final class DiskContents {

    private DiskContents() {
    }

    /** Every regular file under the dataset (not Loupe's state) with its content hash, by catalog path. */
    public static Map<String, String> hashes(Path root) throws IOException {
        DatasetLayout layout = new DatasetLayout(root);
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = layout.relativePath(p);
                if (!rel.startsWith(DatasetLayout.STATE_DIR)) {
                    out.put(rel, ContentHash.of(p));
                }
            }
        }
        return out;
    }

    /** How many files hold each content: the multiset that moves must keep. */
    public static Map<String, Long> multiset(Map<String, String> byPath) {
        return byPath.values().stream().collect(Collectors.groupingBy(h -> h, TreeMap::new, Collectors.counting()));
    }
}
