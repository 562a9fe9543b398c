package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.dataset.StableSplit;
import dev.loupe.issues.SplitLeakage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe leakage DIR}: near-duplicate pairs that straddle the train / validation / test split. */
@Command(name = "leakage", mixinStandardHelpOptions = true,
        description = "Split leakage: list near-duplicate pairs whose two images fall in different parts of the "
                + "stable split (train, validation, test). Exact copies never do (the split goes by content); a "
                + "resized or re-encoded copy can, and then inflates test accuracy. Exclude or move one of each pair.")
final class LeakageCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Mixin
    SameImageThreshold threshold;

    @Option(names = "--validation-percentage", defaultValue = "10", description = "as for retrain (default: ${DEFAULT-VALUE})")
    int validation;

    @Option(names = "--testing-percentage", defaultValue = "10", description = "as for retrain (default: ${DEFAULT-VALUE})")
    int testing;

    @Option(names = "--json", description = "print JSON: [{\"a\", \"a_part\", \"b\", \"b_part\", \"similarity\"}]")
    boolean json;

    @Mixin
    BackboneOptions backbone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        double cosine = threshold.cosine();
        StableSplit split = new StableSplit(validation, testing);
        CachedFeatures data = CachedFeatures.load(dir, backbone, spec.commandLine().getErr());
        List<String> classes = data.layout().classesOnDisk();
        List<SplitLeakage.Image> images = data.entries().stream().filter(e -> classes.contains(e.label()))
                .map(e -> new SplitLeakage.Image(e.path(), e.sha256())).toList();
        List<SplitLeakage.Pair> pairs = SplitLeakage.find(images, data.vectors(), split, cosine, backbone.seed);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SplitLeakage.Pair p : pairs) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("a", p.pathA());
                row.put("a_part", p.partA().folder());
                row.put("b", p.pathB());
                row.put("b_part", p.partB().folder());
                row.put("similarity", Math.round(p.similarity() * 10000) / 10000.0);
                rows.add(row);
            }
            out.println(new ObjectMapper().writeValueAsString(rows));
        } else {
            out.printf(Locale.ROOT, "%d near-duplicate pair(s) straddle the split (validation %d%%, test %d%%)%s%n",
                    pairs.size(), validation, testing, pairs.isEmpty() ? "." : ":");
            for (SplitLeakage.Pair p : pairs) {
                out.printf(Locale.ROOT, "%.4f  %-5s %s  ~  %-5s %s%n", p.similarity(), p.partA().folder(), p.pathA(),
                        p.partB().folder(), p.pathB());
            }
        }
        out.flush();
        return 0;
    }
}
