package dev.loupe.cli;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.StableSplit;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.Featurizer;
import dev.loupe.issues.DatasetScorer;
import dev.loupe.issues.InSampleRule;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.issues.LookAlikeReview;
import dev.loupe.issues.ReviewBudgetCurve;
import dev.loupe.issues.ScoreReport;
import dev.loupe.issues.ScoredImage;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code loupe evaluate DIR}: plant label errors in a copy of a clean dataset and measure how well Loupe and
 * the in-sample rule find them. The dataset itself is only read.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Benchmark label-error finding: copy DIR (read only) into a temporary dataset, misfile a "
                + "share of its images at random (seeded), then report precision and recall at K (K = number "
                + "planted) for Loupe's out-of-fold ranking and for the in-sample rule, side by side.")
final class EvaluateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "a dataset whose labels you trust")
    Path dir;

    @Option(names = "--noise", defaultValue = "0.1", description = "share of images to misfile (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--class-noise", split = ",", paramLabel = "CLASS=R",
            description = "class-conditional noise instead of --noise: misfile this share of each named class "
                    + "(e.g. road=0.2,not-road=0.05; classes not named keep their labels)")
    Map<String, Double> classNoise = new java.util.LinkedHashMap<>();

    @Option(names = "--noise-seed", defaultValue = "1", description = "which images get misfiled (default: ${DEFAULT-VALUE})")
    long noiseSeed;

    @Option(names = "--head", defaultValue = "linear+knn", paramLabel = "HEAD",
            description = "linear+knn or linear (see loupe score --help; default: ${DEFAULT-VALUE})")
    String head;

    @Option(names = "--budget", split = ",", paramLabel = "N",
            description = "also measure the review-budget curve: for each N, a simulated reviewer decides the top N "
                    + "suspects with the true labels, a head-only round is trained and tested against the true labels")
    List<Integer> budgets = new ArrayList<>();

    @Option(names = "--look-alikes", split = ",", paramLabel = "N",
            description = "also compare, for each N decisions, the planted errors a simulated reviewer fixes one "
                    + "suspect at a time against with \"more like this\" (each misfiled suspect's 20 look-alikes "
                    + "still in its class, the misfiled among them moved with one decision)")
    List<Integer> lookAlikeBudgets = new ArrayList<>();

    @Option(names = "--chart", paramLabel = "FILE", defaultValue = "review-budget.png",
            description = "where --budget draws its curve (PNG; default: ${DEFAULT-VALUE})")
    Path chart;

    @Mixin
    BackboneOptions backbone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LabelIssueFinder.Config config = LabelIssueFinder.Config.defaults().withHead(LabelIssueFinder.Head.parse(head));
        if (noise <= 0 || noise >= 0.5) {
            throw new IllegalArgumentException("--noise must be between 0 and 0.5");
        }
        for (Map.Entry<String, Double> e : classNoise.entrySet()) {
            if (e.getValue() < 0 || e.getValue() >= 0.5) {
                throw new IllegalArgumentException("--class-noise " + e.getKey() + " must be between 0 and 0.5");
            }
        }
        DatasetLayout source = new DatasetLayout(dir);
        List<String> classes = source.classesOnDisk();
        if (classes.size() < 2) {
            throw new IllegalArgumentException(dir + " needs at least two class folders");
        }
        for (String named : classNoise.keySet()) {
            if (!classes.contains(named)) {
                throw new IllegalArgumentException("--class-noise names '" + named + "', which is not a class of "
                        + dir + " (" + String.join(", ", classes) + ")");
            }
        }
        try (dev.loupe.work.ScratchFolder scratch = dev.loupe.work.ScratchFolder.create("loupe-evaluate")) {
            Path work = scratch.path();
            Map<String, String> truth = plant(source, classes, work);
            Set<String> planted = new HashSet<>();
            truth.forEach((path, label) -> {
                if (!path.startsWith(label + "/")) {
                    planted.add(path);
                }
            });
            PrintWriter out = spec.commandLine().getOut();
            StderrProgress progress = new StderrProgress();
            try (OpenedDataset ds = OpenedDataset.open(work, progress, CancellationToken.none());
                 FeatureCache cache = FeatureCache.open(ds.layout());
                 FeatureExtractor extractor = backbone.open(progress, CancellationToken.none())) {
                new Featurizer().featurize(ds.catalog(), extractor, cache, progress, CancellationToken.none());
                progress.finish();
                ScoreReport report = new DatasetScorer().rank(ds.catalog(), cache, extractor.fingerprint(),
                        java.util.Map.of(), config, ProgressListener.NONE,
                        CancellationToken.none());
                List<String> loupe = report.queue().stream().map(ScoredImage::path).toList();
                long loupeFlagged = report.queue().stream().filter(s -> s.kind() != IssueKind.OK).count();
                List<LabelIssueFinder.Item> items = new ArrayList<>();
                for (CatalogEntry e : ds.catalog().entries()) {
                    if (e.ok() && classes.contains(e.label())) {
                        items.add(new LabelIssueFinder.Item(e.path(), e.sha256(), classes.indexOf(e.label())));
                    }
                }
                InSampleRule.Result inSample = new InSampleRule().rank(classes, items,
                        cache.vectors(extractor.fingerprint()), backbone.seed);
                int k = planted.size();
                out.printf(Locale.ROOT, "%d images, %d classes, %d misfiled (%s, seed %d), backbone %s%n%n",
                        items.size(), classes.size(), k, classNoise.isEmpty()
                                ? String.format(Locale.ROOT, "%.0f%%", 100 * noise) : "by class " + classNoise,
                        noiseSeed, extractor.spec().name());
                out.println("| method | precision@K | recall@K | flagged | precision (flagged) | recall (flagged) |");
                out.println("|---|---|---|---|---|---|");
                row(out, "Loupe (out-of-fold " + config.head() + " + confident learning)", loupe, (int) loupeFlagged, planted);
                row(out, "in-sample rule (review what the model gets wrong)", inSample.ranked(), inSample.misclassified(),
                        planted);
                if (!budgets.isEmpty()) {
                    curve(out, classes, ds, truth, cache.vectors(extractor.fingerprint()), config);
                }
                if (!lookAlikeBudgets.isEmpty()) {
                    lookAlikes(out, classes, ds, truth, cache.vectors(extractor.fingerprint()), loupe);
                }
                out.flush();
            } finally {
                progress.finish();
            }
        }
        return 0;
    }

    /** One suspect at a time against "more like this": planted errors fixed per number of decisions. */
    private void lookAlikes(PrintWriter out, List<String> classes, OpenedDataset ds, Map<String, String> truth,
                            Map<String, float[]> vectors, List<String> queue) {
        List<ReviewBudgetCurve.Image> images = truthImages(classes, ds, truth);
        int planted = (int) images.stream().filter(i -> i.filed() != i.truth()).count();
        out.printf(Locale.ROOT, "%nMore like this (%d errors planted; a decision is one key press on a selection):%n%n",
                planted);
        out.println("| decisions | fixed, one suspect at a time | fixed, with look-alikes |");
        out.println("|---|---|---|");
        for (LookAlikeReview.Point p : LookAlikeReview.simulate(images, queue, vectors, lookAlikeBudgets, 20)) {
            out.printf(Locale.ROOT, "| %d | %d | %d |%n", p.decisions(), p.oneAtATime(), p.withLookAlikes());
        }
    }

    private static List<ReviewBudgetCurve.Image> truthImages(List<String> classes, OpenedDataset ds,
                                                             Map<String, String> truth) {
        List<ReviewBudgetCurve.Image> images = new ArrayList<>();
        for (CatalogEntry e : ds.catalog().entries()) {
            if (e.ok() && classes.contains(e.label()) && truth.containsKey(e.path())) {
                images.add(new ReviewBudgetCurve.Image(e.path(), e.sha256(), classes.indexOf(e.label()),
                        classes.indexOf(truth.get(e.path()))));
            }
        }
        return images;
    }

    /** The review-budget curve: a table on stdout and a PNG chart in {@link #chart}. */
    private void curve(PrintWriter out, List<String> classes, OpenedDataset ds, Map<String, String> truth,
                       Map<String, float[]> vectors, LabelIssueFinder.Config config) throws IOException {
        for (int b : budgets) {
            if (b < 0) {
                throw new IllegalArgumentException("--budget values must be 0 or more");
            }
        }
        List<ReviewBudgetCurve.Image> images = truthImages(classes, ds, truth);
        ReviewBudgetCurve.Result result = new ReviewBudgetCurve(StableSplit.defaults()).measure(classes, images,
                vectors, budgets, config, ProgressListener.NONE, CancellationToken.none());
        out.printf(Locale.ROOT, "%nReview budget (head-only rounds, test accuracy on %d test images against the true "
                + "labels; %d errors planted):%n%n", result.testImages(), result.planted());
        out.println("| suspects reviewed | planted errors fixed | test accuracy |");
        out.println("|---|---|---|");
        out.printf(Locale.ROOT, "| 0 (noisy labels) | 0 | %.1f%% |%n", 100 * result.noisy());
        for (ReviewBudgetCurve.Point p : result.points()) {
            out.printf(Locale.ROOT, "| %d | %d | %.1f%% |%n", p.budget(), p.fixed(), 100 * p.accuracy());
        }
        out.printf(Locale.ROOT, "| all (clean labels) | %d | %.1f%% |%n", result.planted(), 100 * result.clean());
        BudgetChart.write(result, chart);
        out.println();
        out.println("Chart: " + chart.toAbsolutePath());
    }

    private static void row(PrintWriter out, String name, List<String> ranked, int flagged, Set<String> planted) {
        int k = planted.size();
        long hitsAtK = ranked.subList(0, Math.min(k, ranked.size())).stream().filter(planted::contains).count();
        long hitsFlagged = ranked.subList(0, Math.min(flagged, ranked.size())).stream().filter(planted::contains).count();
        out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %d | %.3f | %.3f |%n", name, (double) hitsAtK / k,
                (double) hitsAtK / k, flagged, flagged == 0 ? 0 : (double) hitsFlagged / flagged,
                (double) hitsFlagged / k);
    }

    /** Copies every image into {@code work}, misfiling a seeded share; returns each copy's path and true class. */
    private Map<String, String> plant(DatasetLayout source, List<String> classes, Path work) throws IOException {
        List<Path[]> files = new ArrayList<>();
        for (String c : classes) {
            try (Stream<Path> walk = Files.walk(source.root().resolve(c))) {
                walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted(Comparator.naturalOrder())
                        .forEach(p -> files.add(new Path[] {p, Path.of(c)}));
            }
        }
        Random random = new Random(noiseSeed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        Set<Integer> flip = new HashSet<>();
        if (classNoise.isEmpty()) {
            flip.addAll(order.subList(0, (int) Math.round(files.size() * noise)));
        } else {
            // Class-conditional noise: the given share of each named class, in the shuffled order.
            for (String c : classes) {
                List<Integer> ofClass = order.stream().filter(i -> files.get(i)[1].toString().equals(c)).toList();
                double rate = classNoise.getOrDefault(c, 0.0);
                flip.addAll(ofClass.subList(0, (int) Math.round(ofClass.size() * rate)));
            }
        }
        Map<String, String> truth = new java.util.LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i)[0];
            String label = files.get(i)[1].toString();
            if (flip.contains(i)) {
                List<String> others = new ArrayList<>(classes);
                others.remove(label);
                label = others.get(random.nextInt(others.size()));
            }
            String name = String.format(Locale.ROOT, "%06d_%s", i, file.getFileName());
            Path target = work.resolve(label).resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
            truth.put(label + "/" + name, files.get(i)[1].toString());
        }
        return truth;
    }

}
