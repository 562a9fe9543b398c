package dev.loupe.rounds;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.imaging.ImageDecodeException;
import dev.loupe.imaging.ModelInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files behind a split's content hashes, and the few images an int8 model calibrates on: what the model export
 * and the architecture comparison share.
 */
public final class SplitFiles {

    private SplitFiles() {
    }

    /** Each readable image's file by content hash (the first of identical copies). */
    public static Map<String, Path> byHash(DatasetLayout layout, List<CatalogEntry> entries) {
        Map<String, Path> fileOf = new HashMap<>();
        for (CatalogEntry e : entries) {
            if (e.ok()) {
                fileOf.putIfAbsent(e.sha256(), layout.root().resolve(e.path()));
            }
        }
        return fileOf;
    }

    /**
     * Up to {@code max} of {@code files}, evenly spaced, decoded as NHWC RGB at {@code size}; one that cannot be
     * decoded is one fewer.
     */
    public static List<float[]> decodeEvenly(List<Path> files, int size, int max) {
        ModelInput input = new ModelInput(size);
        List<float[]> images = new ArrayList<>();
        int step = Math.max(1, files.size() / Math.max(1, max));
        for (int i = 0; i < files.size() && images.size() < max; i += step) {
            try {
                images.add(input.load(files.get(i)));
            } catch (ImageDecodeException e) {
                // not a picture after all
            }
        }
        return images;
    }
}
