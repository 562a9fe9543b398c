package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoveCommandsTest {

    @TempDir
    Path root;

    @BeforeEach
    void dataset() {
        TestImages.jpeg(root.resolve("road/a.jpg"), 1);
        TestImages.jpeg(root.resolve("road/b.jpg"), 2);
        TestImages.jpeg(root.resolve("not-road/c.jpg"), 3);
    }

    @Test
    void moveUndoRedoAndHistoryShareOneJournal() {
        CliRun move = CliRun.of("move", root.toString(), "road/a.jpg", root.resolve("road/b.jpg").toString(),
                "--to", "not-road");
        assertEquals(0, move.exitCode(), move.err());
        assertEquals("moved  road/a.jpg -> not-road/a.jpg\nmoved  road/b.jpg -> not-road/b.jpg\n", move.out());

        CliRun undo = CliRun.of("undo", root.toString());
        assertTrue(undo.out().endsWith("Undid 1 action(s).\n"), undo.out());
        assertTrue(Files.exists(root.resolve("road/a.jpg")) && Files.exists(root.resolve("road/b.jpg")));

        CliRun redo = CliRun.of("redo", root.toString());
        assertTrue(redo.out().endsWith("Redid 1 action(s).\n"), redo.out());
        assertFalse(Files.exists(root.resolve("road/a.jpg")));

        CliRun history = CliRun.of("history", root.toString());
        assertTrue(history.out().matches("(?s)#3 .* redo by .*#2 .* undo by .*#1 .* move by .*cli \\(applied\\).*"),
                history.out());
    }

    @Test
    void nothingToUndoIsSaidPlainly() {
        CliRun undo = CliRun.of("undo", root.toString(), "--steps", "3");
        assertEquals(0, undo.exitCode());
        assertEquals("Nothing to undo.\n", undo.out());
    }

    @Test
    void aPathOutsideTheDatasetIsRefusedWithExitCode1() {
        CliRun move = CliRun.of("move", root.toString(), "/etc/hostname", "--to", "not-road");
        assertEquals(1, move.exitCode());
        assertTrue(move.out().startsWith("failed /etc/hostname: outside the dataset"), move.out());
    }

    @Test
    void movingIntoUnsureCreatesTheBucket() {
        CliRun move = CliRun.of("move", root.toString(), "road/a.jpg", "--to", "_unsure");
        assertEquals(0, move.exitCode(), move.out());
        assertTrue(Files.exists(root.resolve("_unsure/a.jpg")));
    }
}
