package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.imaging.ImageDecodeException;
import dev.loupe.imaging.ModelInput;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe features IMAGE...}: print pooled feature vectors as JSON. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Print each image's pooled feature vector as JSON: [{\"image\": ..., \"features\": [...]}]. "
                + "Images that cannot be decoded get an \"error\" instead, and the exit code is 1.")
final class FeaturesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "image files")
    List<Path> images;

    @Mixin
    BackboneOptions backbone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StderrProgress progress = new StderrProgress();
        List<Map<String, Object>> out = new ArrayList<>();
        boolean failed = false;
        try (FeatureExtractor extractor = backbone.open(progress, CancellationToken.none())) {
            ModelInput input = new ModelInput(extractor.resolution());
            for (Path image : images) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("image", image.toString());
                try {
                    row.put("features", extractor.extract(input.load(image), 1)[0]);
                } catch (ImageDecodeException e) {
                    row.put("error", e.getMessage());
                    spec.commandLine().getErr().println("loupe: " + image + ": " + e.getMessage());
                    failed = true;
                }
                out.add(row);
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println(new ObjectMapper().writeValueAsString(out));
        w.flush();
        return failed ? 1 : 0;
    }
}
