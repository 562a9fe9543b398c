package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.issues.SimilarImages;
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
        description = "More like this: list the images whose features are closest to those of IMAGE (or of "
                + "several images together), best first, with their cosine similarity. Features come from the "
                + "judge's cache; images not featurized yet are featurized first.")
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
        CachedFeatures data = CachedFeatures.load(dir, backbone, spec.commandLine().getErr());
        if (in != null && !data.labels().contains(in)) {
            throw new IllegalArgumentException("--in " + in + " is not a class of " + dir + " ("
                    + String.join(", ", data.labels()) + ")");
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String image : images) {
            String path = MoveCommands.Move.toCatalogPath(data.layout(), image);
            if (data.entries().stream().noneMatch(e -> e.path().equals(path))) {
                throw new IllegalArgumentException(image + " is not a usable image of " + dir);
            }
            chosen.add(path);
        }
        List<SimilarImages.Candidate> candidates = data.entries().stream()
                .map(e -> new SimilarImages.Candidate(e.path(), e.sha256(), e.label())).toList();
        List<SimilarImages.Match> matches = SimilarImages.like(chosen, candidates, data.vectors(), top,
                c -> in == null || c.label().equals(in));
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
