package dev.loupe.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.StableSplit;
import dev.loupe.journal.MoveReason;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatasetExporterTest {

    @TempDir
    Path dir;

    private Path source;
    private OpenedDataset dataset;

    @BeforeEach
    void dataset() {
        source = dir.resolve("ds");
        for (int i = 0; i < 10; i++) {
            TestImages.jpeg(source.resolve((i % 2 == 0 ? "road/" : "not-road/") + "img" + i + ".jpg"), i);
        }
        TestImages.jpeg(source.resolve("road/nested/img0.jpg"), 99);
        dataset = OpenedDataset.open(source, ProgressListener.NONE, CancellationToken.none());
    }

    @AfterEach
    void close() {
        dataset.close();
    }

    private ExportReport export(Path out, ExportOptions options) {
        return new DatasetExporter().export(dataset, out, options, ProgressListener.NONE,
                CancellationToken.none());
    }

    private static long images(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".jpg")).count();
        }
    }

    @ParameterizedTest
    @EnumSource(ExportOptions.Mode.class)
    void everyModeWritesClassFoldersThatReadBackWithTheSameLabels(ExportOptions.Mode mode) throws Exception {
        Path out = dir.resolve("out-" + mode);
        ExportReport report = export(out, new ExportOptions(mode, false, false, false));
        assertEquals(11, report.exported());
        assertEquals(Map.of("not-road", 5, "road", 6), report.counts());
        assertTrue(Files.exists(out.resolve("road/img0 (2).jpg")), "name collision from a nested folder");
        try (OpenedDataset again = OpenedDataset.open(out, ProgressListener.NONE, CancellationToken.none())) {
            assertEquals(6, again.report().count("road"));
            assertEquals(5, again.report().count("not-road"));
        }
        if (mode == ExportOptions.Mode.SYMLINK) {
            assertTrue(Files.isSymbolicLink(out.resolve("road/img0.jpg")));
        }
    }

    @Test
    void splitFollowsTheContentHash() throws Exception {
        Path out = dir.resolve("split");
        export(out, new ExportOptions(ExportOptions.Mode.COPY, true, false, false));
        StableSplit split = StableSplit.defaults();
        for (String line : Files.readAllLines(out.resolve("manifest.csv")).subList(1, 12)) {
            String[] f = line.split(",");
            assertTrue(f[0].startsWith(split.of(f[2]).folder() + "/" + f[3] + "/"), line);
        }
    }

    @Test
    void manifestRecordsMovesAndUndoneMovesLeaveNoTrace() throws Exception {
        dataset.journal().move(List.of("road/img0.jpg"), "not-road", new MoveReason("misclassified", 0.9, 1));
        dataset.journal().move(List.of("road/img2.jpg"), "not-road", MoveReason.manual());
        dataset.journal().undo();
        dataset.journal().move(List.of("road/img4.jpg"), "_excluded", MoveReason.manual());
        Path out = dir.resolve("manifest");
        ExportReport report = export(out, ExportOptions.copies());
        assertEquals(1, report.changed());
        assertEquals(1, report.leftOut());
        List<String> lines = Files.readAllLines(out.resolve("manifest.csv"));
        assertEquals("path,source_path,sha256,final_label,original_label,changed,moved_at,moved_by,round,p_final_label,status",
                lines.get(0));
        String moved = lines.stream().filter(l -> l.contains(",not-road/img0.jpg,")).findFirst().orElseThrow();
        assertTrue(moved.matches("not-road/img0\\.jpg,not-road/img0\\.jpg,[0-9a-f]{64},not-road,road,yes,.+,.+,1,,exported"),
                moved);
        String undone = lines.stream().filter(l -> l.contains("img2.jpg")).findFirst().orElseThrow();
        assertTrue(undone.contains(",road,road,no,"), undone);
        // Not exported: no path; RFC 4180 writes an empty first field as "" so that the line is not blank.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("\"\",_excluded/img4.jpg,") && l.endsWith(",excluded")),
                lines.toString());
        assertTrue(Files.readString(out.resolve("README.txt")).contains("Labels changed during curation: 1"));
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
    }

    @Test
    void readmeNamesTheLatestRoundAndItsTestAccuracy() throws Exception {
        try (dev.loupe.engine.FeatureExtractor backbone = dev.loupe.engine.Backbones.open(
                dev.loupe.engine.BackboneSpec.mobileNet(0.25, 128), java.util.Optional.empty(), 1,
                dev.loupe.engine.InferenceBackend.ONNX)) {
            new dev.loupe.rounds.RoundRunner().run(dataset, backbone,
                    new dev.loupe.rounds.RetrainConfig("mobilenet-0.25-128", null, false, 0.001, 1, 1, 1, 20, 20,
                            dev.loupe.imaging.Augmentation.NONE, 1), s -> { }, ProgressListener.NONE,
                    CancellationToken.none());
        }
        Path out = dir.resolve("with-round");
        export(out, ExportOptions.copies());
        assertTrue(Files.readString(out.resolve("README.txt")).contains("Latest round: 1 (mobilenet-0.25-128, head-only), "
                + "test accuracy"), Files.readString(out.resolve("README.txt")));
        String row = Files.readAllLines(out.resolve("manifest.csv")).get(1);
        assertTrue(row.matches(".*,0\\.\\d{6},exported"), "the round's probability for the final label: " + row);
    }

    @Test
    void refusesToOverwriteAFolderWithFiles() throws Exception {
        Path out = dir.resolve("busy");
        TestImages.bytes(out.resolve("keep.txt"), "mine".getBytes());
        DatasetException e = assertThrows(DatasetException.class, () -> export(out, ExportOptions.copies()));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void diskFullHalfWayLeavesNothingThatLooksComplete() throws Exception {
        AtomicInteger placed = new AtomicInteger();
        DatasetExporter failing = new DatasetExporter((from, to, mode) -> {
            if (placed.incrementAndGet() == 6) {
                throw new IOException("No space left on device");
            }
            Files.copy(from, to);
        });
        Path out = dir.resolve("full");
        DatasetException e = assertThrows(DatasetException.class, () -> failing.export(dataset, out,
                ExportOptions.copies(), ProgressListener.NONE, CancellationToken.none()));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("loupe-partial")));
        }
        assertEquals(11, images(source), "the source dataset is untouched");
    }

    @Test
    void zipHoldsTheTreeAndTheManifest() throws Exception {
        Path out = dir.resolve("clean.zip");
        export(out, new ExportOptions(ExportOptions.Mode.COPY, false, true, false));
        try (ZipFile zip = new ZipFile(out.toFile())) {
            assertTrue(zip.getEntry("manifest.csv") != null);
            assertTrue(zip.getEntry("road/img0.jpg") != null);
        }
    }

    @Test
    void unsureIsExportedOnlyOnRequest() throws Exception {
        dataset.journal().move(List.of("road/img6.jpg"), "_unsure", MoveReason.manual());
        assertEquals(10, export(dir.resolve("a"), ExportOptions.copies()).exported());
        assertEquals(11, export(dir.resolve("b"), new ExportOptions(ExportOptions.Mode.COPY, false, false, true)).exported());
        assertTrue(Files.exists(dir.resolve("b/_unsure/img6.jpg")));
    }

    @Test
    void manifestValuesWithCommasQuotesAndLineBreaksSurviveAsCsv() throws Exception {
        Files.move(source.resolve("road/img0.jpg"), source.resolve("road/a, \"b\"\r\nc.jpg"));
        dataset.rescan(ProgressListener.NONE, CancellationToken.none());
        Path out = dir.resolve("odd");
        export(out, ExportOptions.copies());
        try (var parser = org.apache.commons.csv.CSVParser.parse(out.resolve("manifest.csv"),
                java.nio.charset.StandardCharsets.UTF_8, dev.loupe.work.Csv.FORMAT)) {
            assertTrue(parser.getRecords().stream().anyMatch(r -> r.get(1).equals("road/a, \"b\"\r\nc.jpg")),
                    "the odd name reads back whole");
        }
    }

    @Test
    void refusesATargetThatLinksBackIntoTheDataset() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("shortcut"), source.resolve("road"));
        DatasetException e = assertThrows(DatasetException.class, () -> export(link.resolve("export"),
                ExportOptions.copies()));
        assertTrue(e.getMessage().contains("once links are followed"), e.getMessage());
        try (Stream<Path> road = Files.list(source.resolve("road"))) {
            assertEquals(6, road.count(), "nothing was written into the class");
        }
    }

    @Test
    void anUnmovedCopyOfAMovedImageShowsNoMove() throws Exception {
        Files.copy(source.resolve("road/img2.jpg"), source.resolve("road/copy-of-img2.jpg"));
        dataset.rescan(ProgressListener.NONE, CancellationToken.none());
        dataset.journal().move(List.of("road/img2.jpg"), "not-road", MoveReason.manual());
        dataset.rescan(ProgressListener.NONE, CancellationToken.none());
        Path out = dir.resolve("dups");
        export(out, ExportOptions.copies());
        List<String> lines = Files.readAllLines(out.resolve("manifest.csv"));
        String moved = lines.stream().filter(l -> l.contains(",not-road/img2.jpg,")).findFirst().orElseThrow();
        String copy = lines.stream().filter(l -> l.contains(",road/copy-of-img2.jpg,")).findFirst().orElseThrow();
        assertTrue(moved.contains(",not-road,road,yes,"), moved);
        assertTrue(copy.contains(",road,road,no,,,,"), "the copy was never moved: " + copy);
    }

    @Test
    void partialExportsOfStoppedProcessesAreRemovedNextTime() throws Exception {
        Path out = dir.resolve("clean");
        Path stale = Files.createDirectories(dir.resolve(".clean.loupe-partial-999999999-1/road"));
        Files.writeString(stale.resolve("half.jpg"), "half");
        Path unrelated = Files.createDirectories(dir.resolve(".mine"));
        export(out, ExportOptions.copies());
        assertFalse(Files.exists(stale.getParent()), "left by a process that no longer runs");
        assertTrue(Files.isDirectory(unrelated), "only Loupe's own partial exports are removed");
    }
}
