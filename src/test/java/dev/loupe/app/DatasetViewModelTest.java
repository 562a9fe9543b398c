package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.issues.IssueKind;
import dev.loupe.testing.ColourFeatures;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetViewModelTest {

    @TempDir
    Path root;

    private final DatasetViewModel model = new DatasetViewModel(new CurrentThreadTaskExecutor(),
            (progress, cancel) -> new ColourFeatures());

    @AfterEach
    void close() {
        model.close();
    }

    /** 20 reddish "road" images, 20 bluish "not-road" images, and three reddish ones misfiled as not-road. */
    static final Set<String> PLANTED = Set.of("not-road/red-a.png", "not-road/red-b.png", "not-road/red-c.png");

    static void colourDataset(Path root) throws Exception {
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) {
            write(root.resolve("road/r" + i + ".png"), new Color(200 + r.nextInt(40), 60 + r.nextInt(40), 40), r);
            write(root.resolve("not-road/b" + i + ".png"), new Color(40, 60 + r.nextInt(40), 200 + r.nextInt(40)), r);
        }
        for (String p : PLANTED) {
            write(root.resolve(p), new Color(210 + r.nextInt(30), 70, 40), r);
        }
    }

    private static void write(Path file, Color colour, Random r) throws Exception {
        BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 24, 24);
        g.setColor(colour.darker());
        g.fillRect(r.nextInt(12), r.nextInt(12), 8, 8);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private List<String> shown() {
        return model.images().stream().map(ImageTile::path).toList();
    }

    @Test
    void rubberBandSelectsInGridOrderAndKeepsTheEarlierSelectionOnlyWhenAsked() throws Exception {
        colourDataset(root);
        model.open(root);
        List<String> paths = shown();
        model.select(paths.get(0), SelectMode.REPLACE);
        model.selectBand(List.of(), List.of(paths.get(5), paths.get(3), "gone/missing.png"));
        assertEquals(List.of(paths.get(3), paths.get(5)), model.selection());
        assertEquals(3, model.focusProperty().get());
        model.selectBand(List.of(paths.get(0)), List.of(paths.get(7)));
        assertEquals(List.of(paths.get(0), paths.get(7)), model.selection());
        model.selectBand(List.of(), List.of());
        assertTrue(model.selection().isEmpty());
    }

    @Test
    void sortOrdersAndTheConfidenceSliderFiltersTheGrid() throws Exception {
        colourDataset(root);
        model.open(root);
        model.score();
        List<ImageTile> byScore = List.copyOf(model.images());
        model.sortProperty().set(Sort.NAME);
        List<String> names = model.images().stream().map(ImageTile::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
        model.sortProperty().set(Sort.CONFIDENCE);
        for (int i = 1; i < model.images().size(); i++) {
            assertTrue(model.images().get(i - 1).confidence() <= model.images().get(i).confidence());
        }
        model.sortProperty().set(Sort.DATE);
        for (int i = 1; i < model.images().size(); i++) {
            assertTrue(model.images().get(i - 1).modified() >= model.images().get(i).modified());
        }
        model.sortProperty().set(Sort.SCORE);
        assertEquals(byScore, model.images());
        double median = byScore.stream().mapToDouble(ImageTile::confidence).sorted().toArray()[byScore.size() / 2];
        model.confidenceAtMostProperty().set(median);
        assertTrue(model.images().size() < byScore.size() && !model.images().isEmpty());
        assertTrue(model.images().stream().allMatch(t -> t.confidence() <= median));
        model.confidenceAtMostProperty().set(1.0);
        assertEquals(byScore.size(), model.images().size());
    }

    @Test
    void anUnknownArchitectureIsAShortMessageAndNothingRuns() throws Exception {
        colourDataset(root);
        model.open(root);
        model.roundsModel().compareArchitectures(List.of("mobilenet-0.25-128", "inception-v9"));
        assertTrue(model.errorProperty().get().contains("inception-v9"), model.errorProperty().get());
        assertTrue(model.roundsModel().comparison().isEmpty());
        assertFalse(model.busyProperty().get());
    }

    @Test
    void openingListsClassesWithCountsAndTheBuckets() throws Exception {
        colourDataset(root);
        model.open(root);
        assertEquals(List.of(new ClassSummary("not-road", 23, false), new ClassSummary("road", 20, false),
                new ClassSummary("_unsure", 0, true), new ClassSummary("_excluded", 0, true)), model.classes());
        assertEquals(43, model.images().size());
        assertFalse(model.busyProperty().get());
        assertEquals("43 images in 2 classes", model.statusProperty().get());
    }

    @Test
    void scoringPutsThePlantedErrorsFirst() throws Exception {
        colourDataset(root);
        model.open(root);
        model.score();
        assertEquals(Queue.SUSPECTS, model.queueProperty().get());
        assertEquals(PLANTED, Set.copyOf(shown().subList(0, 3)));
        ImageTile top = model.images().get(0);
        assertEquals("road", top.predicted());
        assertTrue(top.kind() == IssueKind.MISCLASSIFIED || top.kind() == IssueKind.DUPLICATE, top.kind().code());
        assertEquals(List.of(top.path()), model.selection());
        assertTrue(model.statusProperty().get().contains("errors left"), model.statusProperty().get());
    }

    @Test
    void movingTheSelectionMovesTheFileAndUpdatesCountsAndQueue() throws Exception {
        colourDataset(root);
        model.open(root);
        model.score();
        String first = model.images().get(0).path();
        model.select(first, SelectMode.REPLACE);
        model.moveSelection("road");
        String name = first.substring(first.indexOf('/') + 1);
        assertTrue(Files.exists(root.resolve("road/" + name)));
        assertFalse(Files.exists(root.resolve(first)));
        assertEquals(21, model.classes().get(1).count());
        assertFalse(shown().contains(first));
        assertTrue(model.canUndoProperty().get());
        assertEquals(2, model.images().stream().filter(t -> PLANTED.contains(t.path())).count());
    }

    @Test
    void undoPutsTheFileBackAndRedoMovesItAgain() throws Exception {
        colourDataset(root);
        model.open(root);
        model.score();
        String first = model.images().get(0).path();
        model.moveSelection("road");
        model.undo();
        assertTrue(Files.exists(root.resolve(first)));
        assertTrue(model.canRedoProperty().get());
        assertEquals(List.of(first), model.selection());
        model.redo();
        assertFalse(Files.exists(root.resolve(first)));
    }

    @Test
    void keepingMarksReviewedAndAdvances() throws Exception {
        colourDataset(root);
        model.open(root);
        model.score();
        String first = model.images().get(0).path();
        String second = model.images().get(1).path();
        model.keepSelection();
        assertTrue(model.images().get(0).reviewed());
        assertEquals(List.of(second), model.selection());
        assertTrue(model.statusProperty().get().contains("1 reviewed, 0 moved"), model.statusProperty().get());
        model.showReviewedProperty().set(false);
        assertFalse(shown().contains(first));
    }

    @Test
    void moveToUnsureSetsTheImageAside() throws Exception {
        colourDataset(root);
        model.open(root);
        model.score();
        String first = model.images().get(0).path();
        model.moveSelection("_unsure");
        assertEquals(1, model.classes().get(2).count());
        model.queueProperty().set(Queue.ALL);
        model.selectedClassProperty().set(model.classes().get(2));
        assertEquals(List.of("_unsure/" + first.substring(first.indexOf('/') + 1)), shown());
    }

    @Test
    void classFilterAndSearchNarrowTheGrid() throws Exception {
        colourDataset(root);
        model.open(root);
        model.selectedClassProperty().set(model.classes().get(1));
        assertEquals(20, model.images().size());
        model.searchProperty().set("r1");
        assertEquals(List.of("road/r1.png", "road/r10.png", "road/r11.png", "road/r12.png", "road/r13.png",
                "road/r14.png", "road/r15.png", "road/r16.png", "road/r17.png", "road/r18.png", "road/r19.png"), shown());
    }

    @Test
    void toggleRangeAndSelectAll() throws Exception {
        colourDataset(root);
        model.open(root);
        model.select(shown().get(0), SelectMode.REPLACE);
        model.select(shown().get(3), SelectMode.RANGE);
        assertEquals(4, model.selection().size());
        model.select(shown().get(1), SelectMode.TOGGLE);
        assertEquals(3, model.selection().size());
        model.selectAll();
        assertEquals(43, model.selection().size());
    }

    @Test
    void filesAddedByAnotherProgramShowUpOnRescan() throws Exception {
        colourDataset(root);
        model.open(root);
        write(root.resolve("road/new.png"), new Color(220, 70, 40), new Random(5));
        model.rescan();
        assertEquals(44, model.images().size());
        assertTrue(model.messageProperty().get().contains("1 added"), model.messageProperty().get());
    }

    @Test
    void classPairPageShowsImagesFiledUnderOneClassThatLookLikeAnother() throws Exception {
        colourDataset(root);
        model.open(root);
        model.score();
        ClassPair page = model.pairs().stream()
                .filter(p -> p.filed().equals("not-road") && p.looks().equals("road")).findFirst().orElseThrow();
        model.queueProperty().set(Queue.ALL);
        model.pairProperty().set(page);
        assertEquals(PLANTED, Set.copyOf(shown()));
        model.pairProperty().set(null);
        assertEquals(43, model.images().size());
    }

    @Test
    void fineTuningRoundStreamsItsStepsAndAddsAHistoryRow() throws Exception {
        colourDataset(root);
        DatasetViewModel trainer = new DatasetViewModel(new CurrentThreadTaskExecutor(), (p, c) ->
                dev.loupe.engine.Backbones.open(dev.loupe.engine.BackboneSpec.mobileNet(0.25, 128),
                        java.util.Optional.empty(), 1, dev.loupe.engine.InferenceBackend.ONNX));
        try {
            trainer.open(root);
            trainer.roundsModel().retrain(new dev.loupe.rounds.RetrainConfig("", null, true, 0.001, 4, 4, 2, 20, 20,
                    dev.loupe.imaging.Augmentation.NONE, 1));
            assertEquals(1, trainer.roundsModel().rounds().size());
            assertEquals("fine-tune", trainer.roundsModel().rounds().get(0).mode());
            assertEquals(List.of(2, 4), trainer.roundsModel().trainingSteps().stream().map(s -> s.step()).toList());
            assertTrue(trainer.messageProperty().get().startsWith("Round 1: test accuracy"),
                    trainer.messageProperty().get());
        } finally {
            trainer.close();
        }
    }

    @Test
    void aRoundsModelCanTakeOverAsTheJudge() throws Exception {
        colourDataset(root);
        DatasetViewModel trainer = new DatasetViewModel(new CurrentThreadTaskExecutor(), (p, c) ->
                dev.loupe.engine.Backbones.open(dev.loupe.engine.BackboneSpec.mobileNet(0.25, 128),
                        java.util.Optional.empty(), 1, dev.loupe.engine.InferenceBackend.ONNX));
        try {
            trainer.open(root);
            trainer.roundsModel().retrain(dev.loupe.rounds.RetrainConfig.defaults(""));
            assertTrue(trainer.roundsModel().roundReport(1).contains("Confusion matrix"), trainer.roundsModel().roundReport(1));
            assertEquals(Optional.of(20), trainer.roundsModel().lastRetrainConfig().map(c -> c.evalInterval()));
            trainer.useRoundAsJudge(1);
            assertTrue(trainer.scoredProperty().get());
            assertEquals("round 1's model", trainer.judgeProperty().get());
            assertTrue(trainer.statusProperty().get().contains("judge: round 1's model"), trainer.statusProperty().get());
            trainer.useOriginalJudge();
            assertEquals("the large model", trainer.judgeProperty().get());
        } finally {
            trainer.close();
        }
    }

    @Test
    void imagesMovedBackAndForthHaveTheirOwnQueue() throws Exception {
        colourDataset(root);
        model.open(root);
        model.select("road/r1.png", SelectMode.REPLACE);
        model.moveSelection("not-road");
        model.queueProperty().set(Queue.ALL);
        model.select("not-road/r1.png", SelectMode.REPLACE);
        model.moveSelection("road");
        model.queueProperty().set(Queue.BACK_AND_FORTH);
        assertEquals(List.of("road/r1.png"), shown());
    }

    @Test
    void reopeningRestoresTheViewAndTheDatasetIsRemembered() throws Exception {
        colourDataset(root);
        Path recentFile = root.resolveSibling(root.getFileName() + "-recent.txt");
        model.rememberRecentIn(new RecentDatasets(recentFile));
        model.open(root);
        model.selectedClassProperty().set(model.classes().get(1));
        model.searchProperty().set("r1");
        model.close();
        model.open(root);
        assertEquals("road", model.selectedClassProperty().get().name());
        assertEquals("r1", model.searchProperty().get());
        assertEquals(11, model.images().size());
        assertEquals(List.of(root.toAbsolutePath().normalize()), model.recentDatasets());
        Files.deleteIfExists(recentFile);
    }

    @Test
    void missingFolderShowsAShortErrorAndNoClasses() {
        model.open(root.resolve("missing"));
        assertTrue(model.errorProperty().get().startsWith("No such folder"), model.errorProperty().get());
        assertTrue(model.classes().isEmpty());
        assertFalse(model.busyProperty().get());
    }

    @Test
    void aMoveMadeByAnotherLoupeProcessShowsUpWithoutRefocusingTheWindow() throws Exception {
        colourDataset(root);
        model.open(root);
        model.checkForOutsideChanges(); // the window's first look
        assertTrue(shown().contains("road/r0.png"));
        // `loupe move` in a terminal: its own connection to the dataset.
        try (dev.loupe.journal.OpenedDataset cli = dev.loupe.journal.OpenedDataset.open(root,
                dev.loupe.work.ProgressListener.NONE, dev.loupe.work.CancellationToken.none())) {
            assertTrue(cli.journal().move(List.of("road/r0.png"), "not-road", dev.loupe.journal.MoveReason.manual()).ok());
        }
        assertTrue(shown().contains("road/r0.png"), "not re-read yet");
        model.checkForOutsideChanges();
        assertFalse(shown().contains("road/r0.png"));
        assertTrue(shown().contains("not-road/r0.png"));
        assertTrue(model.canUndoProperty().get(), "the terminal's move can be undone from the window");
    }

    @Test
    void reopeningAScoredDatasetShowsTheLastRankingAtOnce() throws Exception {
        colourDataset(root);
        model.open(root);
        model.score();
        List<String> ranked = shown().subList(0, 3);
        model.close();
        DatasetViewModel again = new DatasetViewModel(new CurrentThreadTaskExecutor(), (progress, cancel) -> {
            throw new AssertionError("no backbone is opened to show the last ranking");
        });
        try {
            again.open(root);
            assertTrue(again.scoredProperty().get(), again.messageProperty().get());
            assertEquals(Queue.SUSPECTS, again.queueProperty().get());
            assertEquals(ranked, again.images().stream().map(ImageTile::path).toList().subList(0, 3));
            assertTrue(again.messageProperty().get().startsWith("The last ranking"), again.messageProperty().get());
        } finally {
            again.close();
        }
    }

    @Test
    void anEmptyGridSaysWhichFiltersEmptiedIt() throws Exception {
        colourDataset(root);
        model.open(root);
        assertEquals("", model.emptyReasonProperty().get());
        model.searchProperty().set("zzz");
        assertTrue(model.images().isEmpty());
        assertTrue(model.emptyReasonProperty().get().contains("names containing 'zzz'"), model.emptyReasonProperty().get());
        model.searchProperty().set("");
        assertEquals("", model.emptyReasonProperty().get());
    }
}
