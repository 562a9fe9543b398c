package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.Featurizer;
import dev.loupe.issues.SimilarImages;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe similar DIR IMAGE...}: the images that look most like the given ones (cached features). */
@Command(name = "similar", mixinStandardHelpOptions = true,
        description = {"More like this: list the images whose features are closest to those of IMAGE (or of",
                "several images together), best first, with their cosine similarity. Features come from the",
                "judge's cache; images not featurized yet are featurized first."})
final class SimilarCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE",
            description = "images: paths inside the dataset (road/a.jpg) or file paths")
    List<String> images;

    @Option(names = "--in", paramLabel = "CLASS", description = "only look-alikes filed under this class (or bucket)")
    String in;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N", description = "how many (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--json", description = "print JSON: [{\"path\", \"label\", \"similarity\"}]")
    boolean json;

    @Mixin
    BackboneOptions backbone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1");
        }
        StderrProgress progress = new StderrProgress();
        List<SimilarImages.Match> matches;
        try (OpenedDataset ds = MoveCommands.open(dir, spec.commandLine().getErr());
             FeatureCache cache = FeatureCache.open(ds.layout());
             FeatureExtractor extractor = backbone.open(progress, CancellationToken.none())) {
            List<String> labels = new ArrayList<>(ds.layout().classesOnDisk());
            labels.addAll(ds.layout().bucketsOnDisk());
            if (in != null && !labels.contains(in)) {
                throw new IllegalArgumentException("--in " + in + " is not a class of " + dir + " ("
                        + String.join(", ", labels) + ")");
            }
            Set<String> chosen = new LinkedHashSet<>();
            for (String image : images) {
                String path = MoveCommands.Move.toCatalogPath(ds.layout(), image);
                CatalogEntry entry = ds.catalog().find(path).orElseThrow(() -> new IllegalArgumentException(
                        image + " is not an image of " + dir));
                if (!entry.ok()) {
                    throw new IllegalArgumentException(image + " is not a usable image: " + entry.reason());
                }
                chosen.add(entry.path());
            }
            new Featurizer().featurize(ds.catalog(), extractor, cache, progress, CancellationToken.none());
            progress.finish();
            List<SimilarImages.Candidate> candidates = new ArrayList<>();
            for (CatalogEntry e : ds.catalog().entries()) {
                if (e.ok() && labels.contains(e.label())) {
                    candidates.add(new SimilarImages.Candidate(e.path(), e.sha256(), e.label()));
                }
            }
            matches = SimilarImages.like(chosen, candidates, cache.vectors(extractor.fingerprint()), top,
                    c -> in == null || c.label().equals(in));
        } finally {
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SimilarImages.Match m : matches) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", m.image().path());
                row.put("label", m.image().label());
                row.put("similarity", Math.round(m.similarity() * 10000) / 10000.0);
                rows.add(row);
            }
            out.println(new ObjectMapper().writeValueAsString(rows));
        } else {
            for (SimilarImages.Match m : matches) {
                out.printf(Locale.ROOT, "%.4f  %s%n", m.similarity(), m.image().path());
            }
        }
        out.flush();
        return 0;
    }
}
