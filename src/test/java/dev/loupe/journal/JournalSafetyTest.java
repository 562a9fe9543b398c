package dev.loupe.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.DatasetScanner;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's rules that keep images from being lost: paths, links, renaming without hard links. */
class JournalSafetyTest {

    @TempDir
    Path root;

    private Catalog catalog;
    private MoveJournal journal;

    @BeforeEach
    void dataset() {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        TestImages.jpeg(root.resolve("road/b.jpg"), 2);
        TestImages.jpeg(root.resolve("not-road/c.jpg"), 3);
        catalog = Catalog.open(new DatasetLayout(root));
        new DatasetScanner().scan(catalog, ProgressListener.NONE, CancellationToken.none());
        journal = new MoveJournal(catalog);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void targetMustBeAClassNameNotAPath() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> journal.move(List.of("road/a.jpg"), "road/../not-road", MoveReason.manual()));
        assertTrue(e.getMessage().contains("is a path; the target is a class name"), e.getMessage());
        assertTrue(Files.exists(root.resolve("road/a.jpg")));
        assertEquals("road", catalog.find("road/a.jpg").orElseThrow().label());
    }

    @Test
    void moveOutOfAClassFolderThatIsALinkIsRefused() throws Exception {
        Path outside = Files.createTempDirectory("loupe-linked-class");
        TestImages.jpeg(outside.resolve("x.jpg"), 9);
        Files.createDirectories(root.resolve("road/sub"));
        Files.delete(root.resolve("road/sub"));
        Files.createSymbolicLink(root.resolve("road/sub"), outside);
        // A catalog row as an older Loupe, which followed links, would have left it.
        catalog.upsert(List.of(new dev.loupe.dataset.CatalogEntry("road/sub/x.jpg", "road", 1, 1, "00", 8, 8, "JPEG",
                dev.loupe.imaging.ImageStatus.OK, "")));
        MoveResult result = journal.move(List.of("road/sub/x.jpg"), "not-road", MoveReason.manual());
        assertTrue(result.moved().isEmpty());
        assertTrue(result.failed().get(0).reason().contains("road/sub is a symbolic link to a folder"),
                result.failed().get(0).reason());
        assertTrue(Files.exists(outside.resolve("x.jpg")), "the file outside the dataset stays where it is");
    }

    @Test
    void undoDoesNotWriteIntoAClassFolderThatBecameALink() throws Exception {
        journal.move(List.of("road/a.jpg"), "not-road", MoveReason.manual());
        Path outside = Files.createTempDirectory("loupe-elsewhere");
        Path road = root.resolve("road");
        Files.move(road, outside.resolve("road"));
        Files.createSymbolicLink(road, outside.resolve("road"));
        MoveResult undone = journal.undo().orElseThrow();
        assertTrue(undone.moved().isEmpty(), undone.toString());
        assertTrue(undone.failed().get(0).reason().contains("road is a symbolic link to a folder"),
                undone.failed().get(0).reason());
        assertTrue(Files.exists(root.resolve("not-road/a.jpg")));
        assertFalse(Files.exists(outside.resolve("road/a.jpg")));
    }

    @Test
    void oldNameVanishingAfterTheLinkKeepsTheNewName() throws Exception {
        // Another program removed the old name between our link and our unlink: the image lives on at the new
        // name, which must not be rolled back.
        Path from = root.resolve("road/a.jpg");
        Path to = root.resolve("not-road/a.jpg");
        byte[] bytes = Files.readAllBytes(from);
        Renamer racing = new NoReplaceRename((link, existing) -> {
            Files.createLink(link, existing);
            Files.delete(existing);
        });
        racing.rename(from, to);
        assertArrayEquals(bytes, Files.readAllBytes(to));
        assertFalse(Files.exists(from));
    }

    @Test
    void withoutHardLinksTheFileIsCopiedThenTheOriginalRemoved() throws Exception {
        Renamer noLinks = new NoReplaceRename((link, existing) -> {
            throw new FileSystemException(link.toString(), existing.toString(), "Operation not permitted");
        });
        MoveJournal fat = new MoveJournal(catalog, java.time.Clock.systemUTC(), "tester", noLinks);
        byte[] a = Files.readAllBytes(root.resolve("road/a.jpg"));
        TestImages.jpeg(root.resolve("not-road/a.jpg"), 5);
        new DatasetScanner().scan(catalog, ProgressListener.NONE, CancellationToken.none());
        byte[] taken = Files.readAllBytes(root.resolve("not-road/a.jpg"));
        MoveResult result = fat.move(List.of("road/a.jpg"), "not-road", MoveReason.manual());
        assertEquals(List.of(new MoveResult.Moved("road/a.jpg", "not-road/a (2).jpg")), result.moved());
        assertArrayEquals(a, Files.readAllBytes(root.resolve("not-road/a (2).jpg")));
        assertArrayEquals(taken, Files.readAllBytes(root.resolve("not-road/a.jpg")), "never overwritten");
        assertFalse(Files.exists(root.resolve("road/a.jpg")));
        try (var files = Files.list(root.resolve("not-road"))) {
            assertEquals(3, files.count(), "no partial copy left behind");
        }
    }

    @Test
    void aCopyFinishedBeforeACrashIsCompletedByRecovery() throws Exception {
        // Where hard links are missing, a crash after the copy took its name leaves the image under two names.
        MoveJournal.Planned planned = journal.planMove(List.of("road/a.jpg"), "not-road", MoveReason.manual());
        Files.copy(root.resolve("road/a.jpg"), root.resolve("not-road/a.jpg"));
        List<MoveResult> recovered = journal.recover();
        assertEquals(planned.op(), recovered.get(0).operation());
        assertTrue(recovered.get(0).ok(), recovered.toString());
        assertFalse(Files.exists(root.resolve("road/a.jpg")));
        assertTrue(Files.exists(root.resolve("not-road/a.jpg")));
    }

    @Test
    void aPartialCopyLeftByACrashIsRemovedAndTheMoveRedone() throws Exception {
        journal.planMove(List.of("road/a.jpg"), "not-road", MoveReason.manual());
        Path partial = NoReplaceRename.copyingName(root.resolve("not-road/a.jpg"));
        Files.write(partial, new byte[] {1, 2, 3});
        assertTrue(journal.recover().get(0).ok());
        assertFalse(Files.exists(partial));
        assertTrue(Files.exists(root.resolve("not-road/a.jpg")));
    }

    @Test
    void readingTheHistoryRepairsNothing() {
        journal.planMove(List.of("road/a.jpg"), "not-road", MoveReason.manual());
        try (OpenedDataset reader = OpenedDataset.openForReading(root)) {
            assertEquals("pending", pendingState(reader));
            reader.journal().history();
        }
        assertTrue(Files.exists(root.resolve("road/a.jpg")), "a reader left the planned move alone");
        assertFalse(Files.exists(root.resolve("not-road/a.jpg")));
    }

    private static String pendingState(OpenedDataset ds) {
        String[] state = new String[1];
        ds.catalog().transaction(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT state FROM journal_ops")) {
                rs.next();
                state[0] = rs.getString(1);
            }
        });
        return state[0];
    }

    @Test
    void aMoveWhoseSourceVanishedIsReportedNotInvented() throws Exception {
        Renamer vanished = (from, to) -> {
            throw new NoSuchFileException(from.toString());
        };
        MoveJournal j = new MoveJournal(catalog, java.time.Clock.systemUTC(), "tester", vanished);
        MoveResult result = j.move(List.of("road/b.jpg"), "not-road", MoveReason.manual());
        assertTrue(result.failed().get(0).reason().contains("no longer exists"), result.toString());
        assertTrue(Files.exists(root.resolve("road/b.jpg")));
    }
}
