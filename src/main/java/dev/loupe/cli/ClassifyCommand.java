package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.engine.Classifier;
import dev.loupe.rounds.BatchClassifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe classify --model BUNDLE IMAGE...}: like label_image.py. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify images with a saved model bundle, printing each image's classes by confidence "
                + "(like label_image.py: 'road 0.686811').")
final class ClassifyCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "a model bundle folder")
    Path model;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
            description = "classes to print per image (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--json", description = "print JSON: [{\"image\": ..., \"predictions\": [{\"label\", \"score\"}]}]")
    boolean json;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "image files")
    List<Path> images;

    @Spec
    CommandSpec spec;

    /** Images classified before their results are printed (the output streams as the work goes). */
    private static final int STREAM = 32;

    @Override
    public Integer call() throws Exception {
        if (topK < 1) {
            throw new IllegalArgumentException("--top-k must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean failed = false;
        try (Classifier bundle = Classifier.load(model)) {
            BatchClassifier classifier = new BatchClassifier(bundle);
            List<String> classes = bundle.classes();
            for (int from = 0; from < images.size(); from += STREAM) {
                List<Path> chunk = images.subList(from, Math.min(images.size(), from + STREAM));
                List<BatchClassifier.Outcome> outcomes = classifier.classify(chunk);
                for (BatchClassifier.Outcome outcome : outcomes) {
                    Path image = outcome.image();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("image", image.toString());
                    double[] p = outcome.probabilities();
                    if (p == null) {
                        String reason = outcome.error();
                        spec.commandLine().getErr().println("loupe: " + image + ": " + reason);
                        row.put("error", reason);
                        rows.add(row);
                        failed = true;
                        continue;
                    }
                    List<Integer> order = new ArrayList<>();
                    for (int c = 0; c < p.length; c++) {
                        order.add(c);
                    }
                    order.sort(Comparator.comparingDouble((Integer c) -> -p[c]).thenComparing(classes::get));
                    List<Map<String, Object>> predictions = new ArrayList<>();
                    for (int c : order.subList(0, Math.min(topK, order.size()))) {
                        predictions.add(Map.of("label", classes.get(c), "score", p[c]));
                    }
                    row.put("predictions", predictions);
                    rows.add(row);
                    if (!json) {
                        if (images.size() > 1) {
                            out.println(image);
                        }
                        for (Map<String, Object> prediction : predictions) {
                            out.printf(Locale.ROOT, "%s %.6f%n", prediction.get("label"), (double) prediction.get("score"));
                        }
                    }
                }
                out.flush();
            }
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(rows));
        }
        out.flush();
        return failed ? 1 : 0;
    }
}
