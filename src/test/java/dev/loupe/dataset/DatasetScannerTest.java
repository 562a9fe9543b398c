package dev.loupe.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.imaging.ImageStatus;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.CancelledException;
import dev.loupe.work.ProgressListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {

    @TempDir
    Path root;

    private ScanReport scan() {
        try (Catalog catalog = Catalog.open(new DatasetLayout(root))) {
            return new DatasetScanner().scan(catalog, ProgressListener.NONE, CancellationToken.none());
        }
    }

    private List<CatalogEntry> entries() {
        try (Catalog catalog = Catalog.open(new DatasetLayout(root))) {
            return catalog.entries();
        }
    }

    @Test
    void everySubFolderIsAClassAndNestedFoldersBelongToIt() {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        TestImages.jpeg(root.resolve("road/2024/june/b.jpg"), 2);
        TestImages.jpeg(root.resolve("not-road/c.jpg"), 3);
        ScanReport report = scan();
        assertEquals(List.of("not-road", "road"), report.classes());
        assertEquals(2, report.count("road"));
        assertEquals(1, report.count("not-road"));
        assertTrue(entries().stream().anyMatch(e -> e.path().equals("road/2024/june/b.jpg") && e.label().equals("road")));
    }

    @Test
    void anyNumberOfClassesWorks() {
        for (String c : List.of("cat", "dog", "bird", "fish")) {
            TestImages.jpeg(root.resolve(c + "/x.jpg"), c.length());
        }
        assertEquals(List.of("bird", "cat", "dog", "fish"), scan().classes());
    }

    @Test
    void unicodeAndSpacesInNamesAreKept() {
        TestImages.jpeg(root.resolve("route de campagne/été 2024 (1).jpg"), 1);
        TestImages.jpeg(root.resolve("не дорога/фото.jpg"), 2);
        ScanReport report = scan();
        assertEquals(List.of("route de campagne", "не дорога"), report.classes());
        assertTrue(entries().stream().anyMatch(e -> e.path().equals("route de campagne/été 2024 (1).jpg")));
    }

    @Test
    void hiddenFilesFoldersAndUnderscoreFoldersAreNotClassesOrImages() {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        TestImages.jpeg(root.resolve("road/.hidden.jpg"), 2);
        TestImages.jpeg(root.resolve("road/.thumbs/t.jpg"), 3);
        TestImages.jpeg(root.resolve(".git/x.jpg"), 4);
        TestImages.jpeg(root.resolve("_scratch/y.jpg"), 5);
        TestImages.jpeg(root.resolve("not-road/b.jpg"), 6);
        ScanReport report = scan();
        assertEquals(List.of("not-road", "road"), report.classes());
        assertEquals(List.of("not-road/b.jpg", "road/a.jpg"), entries().stream().map(CatalogEntry::path).toList());
    }

    @Test
    void filesInTheRootBelongToNoClass() {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        TestImages.jpeg(root.resolve("stray.jpg"), 2);
        TestImages.bytes(root.resolve("ground-truth.csv"), "path\n".getBytes(StandardCharsets.UTF_8));
        scan();
        assertEquals(List.of("road/a.jpg"), entries().stream().map(CatalogEntry::path).toList());
    }

    @Test
    void reservedBucketsAreCataloguedButAreNotClasses() {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        TestImages.jpeg(root.resolve("_unsure/b.jpg"), 2);
        ScanReport report = scan();
        assertEquals(List.of("road"), report.classes());
        assertEquals(List.of("_unsure"), report.buckets());
        assertEquals(1, report.count("_unsure"));
        assertEquals(1, report.imageCount());
    }

    @Test
    void emptyClassIsListedWithNoImages() throws Exception {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        Files.createDirectories(root.resolve("not-road"));
        ScanReport report = scan();
        assertEquals(List.of("not-road", "road"), report.classes());
        assertEquals(0, report.count("not-road"));
    }

    @Test
    void badFilesAreSkippedWithReasonsAndNeverStopTheScan() {
        TestImages.jpeg(root.resolve("road/good.jpg"), 1);
        TestImages.bytes(root.resolve("road/empty.jpg"), new byte[0]);
        TestImages.bytes(root.resolve("road/readme.txt"), "notes".getBytes(StandardCharsets.UTF_8));
        byte[] whole = TestImages.encode("jpg", 64, 48, 2);
        TestImages.bytes(root.resolve("road/cut.jpg"), TestImages.truncated(whole, 0.5));
        ScanReport report = scan();
        assertEquals(1, report.count("road"));
        assertEquals(List.of("road/cut.jpg", "road/empty.jpg", "road/readme.txt"),
                report.skipped().stream().map(CatalogEntry::path).toList());
        assertEquals(List.of(ImageStatus.UNREADABLE, ImageStatus.NOT_IMAGE, ImageStatus.NOT_IMAGE),
                report.skipped().stream().map(CatalogEntry::status).toList());
        assertTrue(report.skipped().stream().allMatch(e -> !e.reason().isBlank()));
    }

    @Test
    void symbolicLinkLoopIsReportedAndDoesNotHang() throws Exception {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        Files.createSymbolicLink(root.resolve("road/loop"), root.resolve("road"));
        ScanReport report = scan();
        assertEquals(1, report.count("road"));
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("loop")), report.warnings().toString());
    }

    @Test
    void linkedImageOutsideIsReadButALinkBackIntoTheDatasetIsNot() throws Exception {
        Path outside = Files.createTempDirectory("loupe-outside");
        Path target = TestImages.jpeg(outside.resolve("real.jpg"), 1);
        TestImages.jpeg(root.resolve("not-road/b.jpg"), 2);
        Files.createDirectories(root.resolve("road"));
        Files.createSymbolicLink(root.resolve("road/linked.jpg"), target);
        Files.createSymbolicLink(root.resolve("road/broken.jpg"), outside.resolve("missing.jpg"));
        Files.createSymbolicLink(root.resolve("road/again.jpg"), root.resolve("not-road/b.jpg"));
        ScanReport report = scan();
        assertEquals(1, report.count("road"));
        assertEquals(List.of("road/again.jpg", "road/broken.jpg"),
                report.skipped().stream().map(CatalogEntry::path).toList());
        assertTrue(report.skipped().get(0).reason().startsWith("symbolic link to not-road/b.jpg, inside the dataset"),
                report.skipped().get(0).reason());
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("1 image(s) are symbolic links to files "
                + "outside the dataset")), "the link that is read is reported: " + report.warnings());
        assertEquals("symbolic link to " + target, entries().stream().filter(e -> e.path().equals("road/linked.jpg"))
                .findFirst().orElseThrow().reason());
    }

    @Test
    void linkToAParentFolderInsideAClassIsReportedNotFollowed() throws Exception {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        TestImages.jpeg(root.resolve("not-road/b.jpg"), 2);
        Files.createSymbolicLink(root.resolve("road/everything"), root);
        ScanReport report = scan();
        assertEquals(2, entries().size(), "the dataset is not catalogued again under road/");
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("road/everything: a symbolic link to a "
                + "folder, not followed")), report.warnings().toString());
    }

    @Test
    void classFolderThatIsALinkIsNotAClass() throws Exception {
        Path outside = Files.createTempDirectory("loupe-outside-class");
        TestImages.jpeg(outside.resolve("x.jpg"), 1);
        TestImages.jpeg(root.resolve("road/a.jpg"), 2);
        Files.createSymbolicLink(root.resolve("linked"), outside);
        ScanReport report = scan();
        assertEquals(List.of("road"), report.classes());
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("linked: a symbolic link to a folder, not a "
                + "class")), report.warnings().toString());
    }

    @Test
    void fifoInAClassIsCataloguedAsNotARegularFileWithoutBlocking() throws Exception {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        Path fifo = root.resolve("road/pipe.jpg");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
        ScanReport report = scan();
        assertEquals(1, report.count("road"));
        CatalogEntry entry = entries().stream().filter(e -> e.path().equals("road/pipe.jpg")).findFirst().orElseThrow();
        assertTrue(entry.reason().startsWith("not a regular file"), entry.reason());
    }

    @Test
    void rescanOfUnchangedDatasetReadsNothing() {
        for (int i = 0; i < 20; i++) {
            TestImages.jpeg(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + i + ".jpg"), i);
        }
        assertEquals(20, scan().added().size());
        ScanReport again = scan();
        assertEquals(20, again.unchanged());
        assertTrue(again.added().isEmpty() && again.modified().isEmpty() && again.removed().isEmpty());
    }

    @Test
    void rescanDetectsAddedRemovedRenamedAndModifiedFiles() throws Exception {
        TestImages.jpeg(root.resolve("road/keep.jpg"), 1);
        TestImages.jpeg(root.resolve("road/remove.jpg"), 2);
        TestImages.jpeg(root.resolve("road/rename.jpg"), 3);
        Path modify = TestImages.jpeg(root.resolve("road/modify.jpg"), 4);
        scan();

        TestImages.jpeg(root.resolve("not-road/new.jpg"), 5);
        Files.delete(root.resolve("road/remove.jpg"));
        Files.move(root.resolve("road/rename.jpg"), root.resolve("not-road/renamed.jpg"));
        Files.write(modify, TestImages.encode("jpg", 50, 40, 6));
        Files.setLastModifiedTime(modify, FileTime.fromMillis(Files.getLastModifiedTime(modify).toMillis() + 5000));
        ScanReport report = scan();

        assertEquals(List.of("not-road/new.jpg"), report.added());
        assertEquals(List.of("road/remove.jpg"), report.removed());
        assertEquals(List.of(new ScanReport.Rename("road/rename.jpg", "not-road/renamed.jpg")), report.renamed());
        assertEquals(List.of("road/modify.jpg"), report.modified());
        assertEquals(1, report.unchanged());
        CatalogEntry modified = entries().stream().filter(e -> e.path().equals("road/modify.jpg")).findFirst()
                .orElseThrow();
        assertEquals(50, modified.width());
    }

    @Test
    void identicalFilesAreDuplicatesAndFlaggedWhenInDifferentClasses() {
        byte[] same = TestImages.encode("jpg", 32, 24, 9);
        byte[] twin = TestImages.encode("png", 32, 24, 10);
        TestImages.bytes(root.resolve("road/a.jpg"), same);
        TestImages.bytes(root.resolve("not-road/a-copy.jpg"), same);
        TestImages.bytes(root.resolve("road/b.png"), twin);
        TestImages.bytes(root.resolve("road/sub/b.png"), twin);
        TestImages.jpeg(root.resolve("road/unique.jpg"), 11);
        ScanReport report = scan();
        assertEquals(2, report.duplicates().size());
        DuplicateGroup first = report.duplicates().get(0);
        assertTrue(first.conflicting());
        assertEquals(List.of("not-road/a-copy.jpg", "road/a.jpg"), first.paths());
        assertFalse(report.duplicates().get(1).conflicting());
        assertEquals(1, report.conflictingDuplicates());
    }

    @Test
    void cancelledScanKeepsWorkDoneAndTheNextScanFinishes() {
        for (int i = 0; i < 600; i++) {
            TestImages.jpeg(root.resolve("road/" + i + ".jpg"), i);
        }
        CancellationToken token = new CancellationToken();
        AtomicInteger reports = new AtomicInteger();
        try (Catalog catalog = Catalog.open(new DatasetLayout(root))) {
            DatasetScanner scanner = new DatasetScanner();
            assertThrows(CancelledException.class, () -> scanner.scan(catalog, (done, total, message) -> {
                if (done >= 300 && reports.incrementAndGet() == 1) {
                    token.cancel();
                }
            }, token));
            int saved = catalog.entries().size();
            assertTrue(saved >= 256 && saved < 600, "saved " + saved);
            ScanReport resumed = scanner.scan(catalog, ProgressListener.NONE, CancellationToken.none());
            assertEquals(saved, resumed.unchanged());
            assertEquals(600, resumed.count("road"));
        }
    }

    @Test
    void missingFolderGivesAClearMessage() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> Catalog.open(new DatasetLayout(root.resolve("nope"))));
        assertTrue(e.getMessage().startsWith("No such folder"), e.getMessage());
    }

    @Test
    void stateLivesInDotLoupeInsideTheDataset() {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        scan();
        assertTrue(Files.isRegularFile(root.resolve(".loupe/loupe.db")));
    }
}
