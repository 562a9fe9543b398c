package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCommandTest {

    @TempDir
    Path root;

    private void smallDataset() {
        byte[] same = TestImages.encode("jpg", 32, 24, 1);
        TestImages.bytes(root.resolve("road/a.jpg"), same);
        TestImages.bytes(root.resolve("not-road/copy-of-a.jpg"), same);
        TestImages.jpeg(root.resolve("road/b.jpg"), 2);
        TestImages.bytes(root.resolve("road/notes.txt"), "x".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void printsClassesCountsConflictingDuplicatesAndSkippedFiles() {
        smallDataset();
        CliRun run = CliRun.of("index", root.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("2 classes, 3 images"), run.out());
        assertTrue(run.out().matches("(?s).*road\\s+2\\n.*"), run.out());
        assertTrue(run.out().contains("FILED IN DIFFERENT CLASSES"), run.out());
        assertTrue(run.out().contains("CONFLICT  not-road/copy-of-a.jpg  road/a.jpg"), run.out());
        assertTrue(run.out().contains("road/notes.txt  [not-image] not an image"), run.out());
    }

    @Test
    void jsonOutputIsTheOnlyThingOnStdout() throws Exception {
        smallDataset();
        CliRun run = CliRun.of("index", "--json", root.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(2, json.get("counts").get("road").asInt());
        assertEquals(1, json.get("counts").get("not-road").asInt());
        assertTrue(json.get("duplicates").get(0).get("conflicting").asBoolean());
        assertEquals("road/notes.txt", json.get("skipped").get(0).get("path").asText());
    }

    @Test
    void missingFolderIsAShortErrorWithExitCode1() {
        CliRun run = CliRun.of("index", root.resolve("nope").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("loupe: No such folder"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void helpListsEveryCommand() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        for (String command : new String[] {"index", "sample", "app"}) {
            assertTrue(run.out().contains("  " + command), command + " missing from:\n" + run.out());
        }
    }

    @Test
    void everyCommandsHelpPrintsWithoutPicocliWarnings() {
        // picocli formats descriptions with String.format: a lone '%' makes every --help print a warning.
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        java.util.List<String> rendered = new java.util.ArrayList<>();
        try {
            System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
            java.util.Deque<picocli.CommandLine> commands = new java.util.ArrayDeque<>(java.util.List.of(
                    dev.loupe.Main.commandLine()));
            while (!commands.isEmpty()) {
                picocli.CommandLine command = commands.pop();
                commands.addAll(command.getSubcommands().values());
                rendered.add(command.getUsageMessage());
            }
        } finally {
            System.setErr(err);
        }
        assertTrue(rendered.size() > 20, "every command: " + rendered.size());
        assertEquals("", warnings.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aMoveInterruptedByAStoppedLoupeIsFinishedAndSaidOnStderr() throws Exception {
        smallDataset();
        assertEquals(0, CliRun.of("index", root.toString()).exitCode());
        try (dev.loupe.dataset.Catalog catalog = dev.loupe.dataset.Catalog.open(new dev.loupe.dataset.DatasetLayout(root))) {
            // What a kill right after planning leaves: a journaled move not yet carried out.
            new dev.loupe.journal.MoveJournalAccess(catalog).plan(List.of("road/a.jpg"), "not-road");
        }
        CliRun run = CliRun.of("index", root.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("loupe: finished action 1, interrupted when an earlier Loupe stopped (1 file(s) "
                + "moved"), run.err());
        assertTrue(java.nio.file.Files.exists(root.resolve("not-road/a.jpg")));
    }
}
