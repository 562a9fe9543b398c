package dev.loupe.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelIssueFinderTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "fox");

    /** 300 images in three Gaussian clusters; {@code flips} of them filed under a wrong class. */
    private record Toy(List<LabelIssueFinder.Item> items, Map<String, float[]> vectors, Set<String> flipped) {
    }

    private static Toy toy(int flips, long seed) {
        Random r = new Random(seed);
        List<LabelIssueFinder.Item> items = new ArrayList<>();
        Map<String, float[]> vectors = new HashMap<>();
        Set<String> flipped = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int truth = i % 3;
            float[] v = new float[16];
            for (int j = 0; j < 16; j++) {
                v[j] = (float) Math.abs(r.nextGaussian() * 0.6 + (j % 3 == truth ? 2.5 : 0.5));
            }
            int given = i < flips ? (truth + 1 + r.nextInt(2)) % 3 : truth;
            String path = CLASSES.get(given) + "/img" + i + ".jpg";
            if (given != truth) {
                flipped.add(path);
            }
            String hash = "h" + i;
            items.add(new LabelIssueFinder.Item(path, hash, given));
            vectors.put(hash, v);
        }
        return new Toy(items, vectors, flipped);
    }

    private static ScoreReport score(Toy toy, LabelIssueFinder.Config config) {
        return new LabelIssueFinder().score(CLASSES, toy.items(), toy.vectors(), Map.of(), config,
                ProgressListener.NONE, CancellationToken.none());
    }

    @Test
    void plantedLabelErrorsComeFirst() {
        Toy toy = toy(24, 1);
        ScoreReport report = score(toy, LabelIssueFinder.Config.defaults());
        long hits = report.queue().subList(0, 24).stream().filter(s -> toy.flipped().contains(s.path())).count();
        assertTrue(hits >= 23, "planted errors in the top 24: " + hits);
        ScoredImage top = report.queue().get(0);
        assertEquals(IssueKind.MISCLASSIFIED, top.kind());
        assertTrue(top.suggested() != top.given());
    }

    @Test
    void confidentLearningEstimatesHowManyLabelsAreWrong() {
        Toy toy = toy(24, 2);
        ScoreReport report = score(toy, LabelIssueFinder.Config.defaults());
        assertEquals(24, report.totalEstimatedErrors(), 4);
        assertEquals(6, report.estimatedErrors().size());
    }

    @Test
    void everyImageAppearsOnceAndTheSameSeedGivesTheSameQueue() {
        Toy toy = toy(10, 3);
        ScoreReport a = score(toy, LabelIssueFinder.Config.defaults());
        ScoreReport b = score(toy, LabelIssueFinder.Config.defaults());
        assertEquals(300, a.queue().size());
        assertEquals(300, a.queue().stream().map(ScoredImage::path).distinct().count());
        assertEquals(a.queue().stream().map(ScoredImage::path).toList(), b.queue().stream().map(ScoredImage::path).toList());
    }

    @Test
    void identicalImagesFiledUnderTwoClassesAreDuplicates() {
        Toy toy = toy(0, 4);
        List<LabelIssueFinder.Item> items = new ArrayList<>(toy.items());
        items.add(new LabelIssueFinder.Item("dog/copy-of-img0.jpg", "h0", 1));
        ScoreReport report = new LabelIssueFinder().score(CLASSES, items, toy.vectors(), Map.of(),
                LabelIssueFinder.Config.defaults(), ProgressListener.NONE, CancellationToken.none());
        ScoredImage copy = report.queue().stream().filter(s -> s.path().equals("dog/copy-of-img0.jpg")).findFirst()
                .orElseThrow();
        assertEquals(IssueKind.DUPLICATE, copy.kind());
        assertEquals(List.of("cat/img0.jpg"), copy.duplicates());
    }

    @Test
    void entropyRanksUncertainImagesFirst() {
        Toy toy = toy(0, 5);
        ScoreReport report = score(toy, LabelIssueFinder.Config.defaults().withRanking(Ranking.ENTROPY));
        double[] top = report.queue().get(0).probabilities();
        double[] bottom = report.queue().get(299).probabilities();
        assertTrue(max(top) < max(bottom), max(top) + " vs " + max(bottom));
    }

    @Test
    void aClassSmallerThanTheFoldsIsAClearError() {
        Toy toy = toy(0, 6);
        List<LabelIssueFinder.Item> items = new ArrayList<>(toy.items().subList(0, 200));
        items.removeIf(i -> i.given() == 2 && !i.path().endsWith("img2.jpg"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LabelIssueFinder()
                .score(CLASSES, items, toy.vectors(), Map.of(), LabelIssueFinder.Config.defaults(),
                        ProgressListener.NONE, CancellationToken.none()));
        assertTrue(e.getMessage().contains("'fox' has 1 usable image"), e.getMessage());
    }

    @Test
    void csvHasTheDocumentedColumnsAndRanksFromOne() throws Exception {
        ScoreReport report = score(toy(5, 7), LabelIssueFinder.Config.defaults());
        StringWriter out = new StringWriter();
        ReviewQueueCsv.write(report, out);
        String[] lines = out.toString().split("\n");
        assertEquals("rank,path,given_label,suggested_label,p_given,p_suggested,issue_score,kind", lines[0]);
        assertEquals(301, lines.length);
        assertTrue(lines[1].startsWith("1,"));
        assertTrue(lines[300].startsWith("300,"));
        assertEquals(8, lines[1].split(",").length);
    }

    private static double max(double[] p) {
        double m = 0;
        for (double v : p) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The toy plus one extra image with the given feature values for cat, dog and fox dimensions. */
    private static Toy withOne(String path, int given, double cat, double dog, double fox) {
        float[] v = new float[16];
        for (int j = 0; j < 16; j++) {
            v[j] = (float) (j % 3 == 0 ? cat : j % 3 == 1 ? dog : fox);
        }
        return withOne(path, given, v);
    }

    private static Toy withOne(String path, int given, float[] v) {
        Toy toy = toy(0, 3);
        List<LabelIssueFinder.Item> items = new ArrayList<>(toy.items());
        Map<String, float[]> vectors = new HashMap<>(toy.vectors());
        items.add(new LabelIssueFinder.Item(path, "odd", given));
        vectors.put("odd", v);
        return new Toy(items, vectors, Set.of());
    }

    private static ScoredImage odd(ScoreReport report) {
        return report.queue().stream().filter(s -> s.sha256().equals("odd")).findFirst().orElseThrow();
    }

    @Test
    void anImageFarFromEveryOtherOfItsClassIsAnOutlier() {
        // All of its signal in one cat feature and nothing elsewhere: it leans cat, but points where no image of
        // any class points (features are compared by direction): an odd picture, not a wrong label.
        float[] v = new float[16];
        v[0] = 5;
        ScoredImage s = odd(score(withOne("cat/odd.jpg", 0, v), LabelIssueFinder.Config.defaults()));
        assertEquals(IssueKind.OUTLIER, s.kind());
        assertEquals(0, s.given());
    }

    @Test
    void anImageBetweenTheClassesIsLowConfidence() {
        LabelIssueFinder.Config config = LabelIssueFinder.Config.defaults();
        ScoredImage s = odd(score(withOne("cat/between.jpg", 0, 1.25, 1.2, 1.2), config));
        assertEquals(IssueKind.LOW_CONFIDENCE, s.kind(), "p(cat) = " + s.pGiven());
        assertTrue(s.pGiven() < config.lowConfidence());
    }
}
