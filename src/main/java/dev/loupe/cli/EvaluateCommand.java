package dev.loupe.cli;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.Featurizer;
import dev.loupe.issues.DatasetScorer;
import dev.loupe.issues.InSampleRule;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.LabelIssueFinder;
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
        description = {"Benchmark label-error finding: copy DIR (read only) into a temporary dataset, misfile a",
                "share of its images at random (seeded), then report precision and recall at K (K = number",
                "planted) for Loupe's out-of-fold ranking and for the in-sample rule, side by side."})
final class EvaluateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "a dataset whose labels you trust")
    Path dir;

    @Option(names = "--noise", defaultValue = "0.1", description = "share of images to misfile (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--noise-seed", defaultValue = "1", description = "which images get misfiled (default: ${DEFAULT-VALUE})")
    long noiseSeed;

    @Option(names = "--head", defaultValue = "linear+knn", paramLabel = "HEAD",
            description = "linear+knn or linear (see loupe score --help; default: ${DEFAULT-VALUE})")
    String head;

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
        DatasetLayout source = new DatasetLayout(dir);
        List<String> classes = source.classesOnDisk();
        if (classes.size() < 2) {
            throw new IllegalArgumentException(dir + " needs at least two class folders");
        }
        try (dev.loupe.work.ScratchFolder scratch = dev.loupe.work.ScratchFolder.create("loupe-evaluate")) {
            Path work = scratch.path();
            Set<String> planted = plant(source, classes, work);
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
                out.printf(Locale.ROOT, "%d images, %d classes, %d misfiled (%.0f%%, seed %d), backbone %s%n%n",
                        items.size(), classes.size(), k, 100 * noise, noiseSeed, extractor.spec().name());
                out.println("| method | precision@K | recall@K | flagged | precision (flagged) | recall (flagged) |");
                out.println("|---|---|---|---|---|---|");
                row(out, "Loupe (out-of-fold " + config.head() + " + confident learning)", loupe, (int) loupeFlagged, planted);
                row(out, "in-sample rule (review what the model gets wrong)", inSample.ranked(), inSample.misclassified(),
                        planted);
                out.flush();
            } finally {
                progress.finish();
            }
        }
        return 0;
    }

    private static void row(PrintWriter out, String name, List<String> ranked, int flagged, Set<String> planted) {
        int k = planted.size();
        long hitsAtK = ranked.subList(0, Math.min(k, ranked.size())).stream().filter(planted::contains).count();
        long hitsFlagged = ranked.subList(0, Math.min(flagged, ranked.size())).stream().filter(planted::contains).count();
        out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %d | %.3f | %.3f |%n", name, (double) hitsAtK / k,
                (double) hitsAtK / k, flagged, flagged == 0 ? 0 : (double) hitsFlagged / flagged,
                (double) hitsFlagged / k);
    }

    /** Copies every image into {@code work}, misfiling a seeded share; returns the misfiled catalog paths. */
    private Set<String> plant(DatasetLayout source, List<String> classes, Path work) throws IOException {
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
        Set<Integer> flip = new HashSet<>(order.subList(0, (int) Math.round(files.size() * noise)));
        Set<String> planted = new HashSet<>();
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
            if (flip.contains(i)) {
                planted.add(label + "/" + name);
            }
        }
        return planted;
    }

}
