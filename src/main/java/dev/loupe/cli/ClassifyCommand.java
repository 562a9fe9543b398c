package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.engine.TrainedModel;
import dev.loupe.imaging.ImageDecodeException;
import dev.loupe.imaging.ImageProbe;
import dev.loupe.imaging.ImageStatus;
import dev.loupe.imaging.ModelInput;
import dev.loupe.imaging.ProbeResult;
import dev.loupe.work.Parallel;
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
        description = {"Classify images with a saved model bundle, printing each image's classes by confidence",
                "(like label_image.py: 'road 0.686811')."})
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

    /** Images decoded together (on every core) and run through the network as one batch. */
    private static final int BATCH = 32;

    private final ImageProbe probe = new ImageProbe();

    /** Why an image could not be decoded, for the images of the current batch. */
    private final Map<Path, String> decodeFailures = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Class probabilities for each image of {@code chunk}, in order; {@code null} for an image that could not be
     * decoded (its reason is in {@link #decodeFailures}).
     */
    private double[][] predict(TrainedModel bundle, ModelInput input, List<Path> chunk) {
        int length = input.length();
        float[] pixels = new float[chunk.size() * length];
        List<Boolean> decoded = Parallel.map(chunk.size(), i -> {
            try {
                // The same check as a dataset scan: a truncated or damaged file gets no confident label.
                ProbeResult probed = probe.probe(chunk.get(i));
                if (probed.status() != ImageStatus.OK) {
                    decodeFailures.put(chunk.get(i), probed.reason());
                    return false;
                }
                input.load(chunk.get(i), pixels, i * length);
                return true;
            } catch (ImageDecodeException e) {
                decodeFailures.put(chunk.get(i), e.getMessage());
                return false;
            }
        });
        int good = 0;
        for (int i = 0; i < chunk.size(); i++) {
            if (decoded.get(i)) {
                if (good != i) {
                    System.arraycopy(pixels, i * length, pixels, good * length, length);
                }
                good++;
            }
        }
        double[][] predicted = good == 0 ? new double[0][] : bundle.predict(pixels, good);
        double[][] out = new double[chunk.size()][];
        for (int i = 0, g = 0; i < chunk.size(); i++) {
            if (decoded.get(i)) {
                out[i] = predicted[g++];
            }
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        if (topK < 1) {
            throw new IllegalArgumentException("--top-k must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean failed = false;
        try (TrainedModel bundle = TrainedModel.load(model)) {
            ModelInput input = new ModelInput(bundle.resolution());
            List<String> classes = bundle.classes();
            for (int from = 0; from < images.size(); from += BATCH) {
                List<Path> chunk = images.subList(from, Math.min(images.size(), from + BATCH));
                double[][] probabilities = predict(bundle, input, chunk);
                for (int i = 0; i < chunk.size(); i++) {
                    Path image = chunk.get(i);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("image", image.toString());
                    double[] p = probabilities[i];
                    if (p == null) {
                        String reason = decodeFailures.get(image);
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
