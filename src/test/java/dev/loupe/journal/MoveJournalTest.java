package dev.loupe.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.DatasetScanner;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoveJournalTest {

    @TempDir
    Path root;

    private Catalog catalog;
    private MoveJournal journal;

    @BeforeEach
    void dataset() {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        TestImages.jpeg(root.resolve("road/b.jpg"), 2);
        TestImages.jpeg(root.resolve("road/nested/c.jpg"), 3);
        TestImages.jpeg(root.resolve("not-road/a.jpg"), 4);
        reopen();
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private void reopen() {
        if (catalog != null) {
            catalog.close();
        }
        catalog = Catalog.open(new DatasetLayout(root));
        new DatasetScanner().scan(catalog, ProgressListener.NONE, CancellationToken.none());
        journal = new MoveJournal(catalog);
    }

    private byte[] bytes(String path) throws Exception {
        return Files.readAllBytes(root.resolve(path));
    }

    @Test
    void moveRenamesTheFileAndUpdatesTheCatalog() {
        MoveResult result = journal.move(List.of("road/b.jpg"), "not-road", MoveReason.manual());
        assertEquals(List.of(new MoveResult.Moved("road/b.jpg", "not-road/b.jpg")), result.moved());
        assertFalse(Files.exists(root.resolve("road/b.jpg")));
        assertTrue(Files.exists(root.resolve("not-road/b.jpg")));
        CatalogEntry moved = catalog.find("not-road/b.jpg").orElseThrow();
        assertEquals("not-road", moved.label());
        assertTrue(catalog.find("road/b.jpg").isEmpty());
    }

    @Test
    void takenNameGetsAReadableNewNameAndNothingIsOverwritten() throws Exception {
        byte[] resident = bytes("not-road/a.jpg");
        byte[] incoming = bytes("road/a.jpg");
        MoveResult result = journal.move(List.of("road/a.jpg"), "not-road", MoveReason.manual());
        assertEquals("not-road/a (2).jpg", result.moved().get(0).to());
        assertArrayEquals(resident, bytes("not-road/a.jpg"));
        assertArrayEquals(incoming, bytes("not-road/a (2).jpg"));
    }

    @Test
    void twoFilesWithOneNameInOneBatchBothSurvive() throws Exception {
        TestImages.jpeg(root.resolve("road/x/a.jpg"), 9);
        reopen();
        MoveResult result = journal.move(List.of("road/a.jpg", "road/x/a.jpg"), "_unsure", MoveReason.manual());
        assertEquals(List.of("_unsure/a.jpg", "_unsure/a (2).jpg"), result.moved().stream().map(MoveResult.Moved::to).toList());
    }

    @Test
    void batchUndoesAsOneStepAndRedoes() {
        journal.move(List.of("road/a.jpg", "road/nested/c.jpg"), "_excluded", MoveReason.manual());
        assertTrue(journal.undo().orElseThrow().ok());
        assertTrue(Files.exists(root.resolve("road/a.jpg")));
        assertTrue(Files.exists(root.resolve("road/nested/c.jpg")));
        assertTrue(catalog.find("road/nested/c.jpg").isPresent());
        assertTrue(journal.redo().orElseThrow().ok());
        assertTrue(Files.exists(root.resolve("_excluded/c.jpg")));
        assertFalse(Files.exists(root.resolve("road/a.jpg")));
    }

    @Test
    void undoAndRedoAnyNumberOfStepsAcrossSessions() {
        journal.move(List.of("road/a.jpg"), "not-road", MoveReason.manual());
        journal.move(List.of("road/b.jpg"), "not-road", MoveReason.manual());
        journal.move(List.of("not-road/b.jpg"), "_unsure", MoveReason.manual());
        reopen();
        journal.undo();
        journal.undo();
        reopen();
        assertTrue(journal.canRedo());
        journal.undo();
        assertFalse(journal.canUndo());
        assertTrue(Files.exists(root.resolve("road/a.jpg")));
        assertTrue(Files.exists(root.resolve("road/b.jpg")));
        journal.redo();
        journal.redo();
        journal.redo();
        assertTrue(Files.exists(root.resolve("_unsure/b.jpg")));
        assertFalse(journal.canRedo());
    }

    @Test
    void aNewMoveDiscardsWhatCouldBeRedone() {
        journal.move(List.of("road/a.jpg"), "not-road", MoveReason.manual());
        journal.undo();
        journal.move(List.of("road/b.jpg"), "not-road", MoveReason.manual());
        assertFalse(journal.canRedo());
        assertTrue(journal.redo().isEmpty());
    }

    @Test
    void undoIntoATakenPlaceKeepsBothFiles() throws Exception {
        journal.move(List.of("road/b.jpg"), "not-road", MoveReason.manual());
        TestImages.jpeg(root.resolve("road/b.jpg"), 77);
        byte[] newcomer = bytes("road/b.jpg");
        MoveResult undone = journal.undo().orElseThrow();
        assertEquals("road/b (2).jpg", undone.moved().get(0).to());
        assertArrayEquals(newcomer, bytes("road/b.jpg"));
    }

    @Test
    void journalRecordsPathsHashUserTimeAndReason() {
        journal.move(List.of("road/b.jpg"), "not-road", new MoveReason("misclassified", 0.93, 2));
        HistoryEntry entry = journal.history().get(0);
        assertEquals("move", entry.kind());
        assertEquals("misclassified", entry.reason());
        assertEquals(System.getProperty("user.name"), entry.user());
        assertEquals(List.of(new MoveResult.Moved("road/b.jpg", "not-road/b.jpg")), entry.moves());
    }

    @Test
    void pathsLeavingTheDatasetAreRefused() {
        MoveResult result = journal.move(List.of("../outside.jpg", "/etc/passwd", "road/../../x.jpg"), "not-road",
                MoveReason.manual());
        assertEquals(3, result.failed().size());
        assertTrue(result.moved().isEmpty());
    }

    @Test
    void unknownClassIsRefusedWithTheKnownOnes() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> journal.move(List.of("road/a.jpg"), "roads", MoveReason.manual()));
        assertTrue(e.getMessage().contains("not-road, road"), e.getMessage());
    }

    @Test
    void sourceDeletedByAnotherProgramFailsClearlyAndTheRestMoves() throws Exception {
        Files.delete(root.resolve("road/a.jpg"));
        MoveResult result = journal.move(List.of("road/a.jpg", "road/b.jpg"), "not-road", MoveReason.manual());
        assertEquals(1, result.moved().size());
        assertTrue(result.failed().get(0).reason().contains("no longer on disk"), result.failed().toString());
    }

    @Test
    void symlinkedImageMovesAsALinkAndItsTargetStays() throws Exception {
        Path outside = Files.createTempDirectory("loupe-target");
        Path target = TestImages.jpeg(outside.resolve("real.jpg"), 5);
        Files.createSymbolicLink(root.resolve("road/link.jpg"), target);
        reopen();
        journal.move(List.of("road/link.jpg"), "not-road", MoveReason.manual());
        assertTrue(Files.isSymbolicLink(root.resolve("not-road/link.jpg")));
        assertTrue(Files.isRegularFile(target));
    }

    @Test
    void classFolderLinkedOutsideTheDatasetIsRefused() throws Exception {
        Path outside = Files.createTempDirectory("loupe-elsewhere");
        Files.createSymbolicLink(root.resolve("elsewhere"), outside);
        reopen();
        DatasetException e = assertThrows(DatasetException.class,
                () -> journal.move(List.of("road/a.jpg"), "elsewhere", MoveReason.manual()));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertTrue(Files.exists(root.resolve("road/a.jpg")));
    }

    @Test
    void readOnlyFolderGivesPermissionDeniedAndLosesNothing() throws Exception {
        assumeFalse(TestImages.runningAsRoot(), "root ignores file permissions");
        Files.setPosixFilePermissions(root.resolve("not-road"), PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            MoveResult result = journal.move(List.of("road/b.jpg"), "not-road", MoveReason.manual());
            assertTrue(result.failed().get(0).reason().startsWith("permission denied"), result.failed().toString());
            assertTrue(Files.exists(root.resolve("road/b.jpg")));
            assertTrue(catalog.find("road/b.jpg").isPresent());
        } finally {
            Files.setPosixFilePermissions(root.resolve("not-road"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void permissionDeniedOnMoveLeavesTheFileAndAConsistentJournal() throws Exception {
        MoveJournal denied = new MoveJournal(catalog, java.time.Clock.systemUTC(), "tester", (from, to) -> {
            throw new java.nio.file.AccessDeniedException(to.toString());
        });
        MoveResult result = denied.move(List.of("road/b.jpg"), "not-road", MoveReason.manual());
        assertTrue(result.failed().get(0).reason().startsWith("permission denied"), result.failed().toString());
        assertTrue(Files.exists(root.resolve("road/b.jpg")));
        assertFalse(Files.exists(root.resolve("not-road/b.jpg")));
        assertTrue(catalog.find("road/b.jpg").isPresent());
        assertTrue(denied.recover().isEmpty(), "nothing left pending");
        assertFalse(denied.canUndo(), "a failed move is nothing to undo");
    }

    @Test
    void diskFullMidBatchMovesWhatItCanAndLosesNothing() throws Exception {
        int[] calls = {0};
        MoveJournal full = new MoveJournal(catalog, java.time.Clock.systemUTC(), "tester", (from, to) -> {
            if (++calls[0] == 2) {
                throw new java.io.IOException("No space left on device");
            }
            NoReplaceRename.STANDARD.rename(from, to);
        });
        MoveResult result = full.move(List.of("road/a.jpg", "road/b.jpg", "road/nested/c.jpg"), "_unsure",
                MoveReason.manual());
        assertEquals(2, result.moved().size());
        assertEquals("cannot move road/b.jpg: the disk is full (free some space, then try again)",
                result.failed().get(0).reason());
        assertTrue(Files.exists(root.resolve("road/b.jpg")));
        assertTrue(full.undo().orElseThrow().ok());
        assertTrue(Files.exists(root.resolve("road/a.jpg")) && Files.exists(root.resolve("road/nested/c.jpg")));
    }

    @Test
    void recoveryFinishesAMovePlannedBeforeACrash() throws Exception {
        journal.planMove(List.of("road/a.jpg", "road/b.jpg"), "not-road", MoveReason.manual());
        // The crash happened after the first file was renamed on disk, before the journal heard of it.
        Files.move(root.resolve("road/b.jpg"), root.resolve("not-road/b.jpg"));
        reopen();
        assertEquals(1, journal.recover().size());
        assertTrue(Files.exists(root.resolve("not-road/a (2).jpg")));
        assertTrue(catalog.find("not-road/a (2).jpg").isPresent());
        assertTrue(catalog.find("not-road/b.jpg").isPresent());
        assertTrue(catalog.find("road/b.jpg").isEmpty());
        assertTrue(journal.canUndo());
    }

    @Test
    void recoveryDropsTheOldNameWhenACrashLeftBothLinks() throws Exception {
        journal.planMove(List.of("road/b.jpg"), "not-road", MoveReason.manual());
        Files.createLink(root.resolve("not-road/b.jpg"), root.resolve("road/b.jpg"));
        reopen();
        journal.recover();
        assertFalse(Files.exists(root.resolve("road/b.jpg")));
        assertTrue(Files.exists(root.resolve("not-road/b.jpg")));
    }
}
