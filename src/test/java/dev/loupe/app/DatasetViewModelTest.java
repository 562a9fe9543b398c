package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.DatasetViewModel.ClassSummary;
import dev.loupe.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetViewModelTest {

    @TempDir
    Path root;

    private final DatasetViewModel model = new DatasetViewModel(new CurrentThreadTaskExecutor());

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void openingListsClassesWithCountsAndBucketsLast() {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        TestImages.jpeg(root.resolve("road/b.jpg"), 2);
        TestImages.jpeg(root.resolve("not-road/c.jpg"), 3);
        TestImages.jpeg(root.resolve("_unsure/d.jpg"), 4);
        model.open(root);
        assertEquals(List.of(new ClassSummary("not-road", 1, false), new ClassSummary("road", 2, false),
                new ClassSummary("_unsure", 1, true)), model.classes());
        assertFalse(model.busyProperty().get());
        assertEquals("3 images in 2 classes", model.statusProperty().get());
    }

    @Test
    void firstClassIsSelectedAndItsImagesShown() {
        TestImages.jpeg(root.resolve("a-class/x.jpg"), 1);
        TestImages.jpeg(root.resolve("b-class/y.jpg"), 2);
        TestImages.jpeg(root.resolve("b-class/z.jpg"), 3);
        model.open(root);
        assertEquals("a-class", model.selectedClassProperty().get().name());
        assertEquals(List.of("a-class/x.jpg"), model.images().stream().map(DatasetViewModel.ImageTile::path).toList());
    }

    @Test
    void selectingAnotherClassShowsItsImages() {
        TestImages.jpeg(root.resolve("a-class/x.jpg"), 1);
        TestImages.jpeg(root.resolve("b-class/y.jpg"), 2);
        TestImages.jpeg(root.resolve("b-class/z.jpg"), 3);
        model.open(root);
        model.selectedClassProperty().set(model.classes().get(1));
        assertEquals(List.of("y.jpg", "z.jpg"), model.images().stream().map(DatasetViewModel.ImageTile::name).toList());
    }

    @Test
    void statusMentionsConflictingDuplicatesAndSkippedFiles() {
        byte[] same = TestImages.encode("jpg", 20, 20, 1);
        TestImages.bytes(root.resolve("road/a.jpg"), same);
        TestImages.bytes(root.resolve("not-road/a.jpg"), same);
        TestImages.bytes(root.resolve("road/empty.jpg"), new byte[0]);
        model.open(root);
        assertEquals("2 images in 2 classes · 1 duplicate group(s), 1 across classes · 1 file(s) skipped",
                model.statusProperty().get());
    }

    @Test
    void missingFolderShowsAShortErrorAndNoClasses() {
        model.open(root.resolve("missing"));
        assertTrue(model.errorProperty().get().startsWith("No such folder"), model.errorProperty().get());
        assertTrue(model.classes().isEmpty());
        assertFalse(model.busyProperty().get());
    }
}
