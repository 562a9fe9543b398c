package dev.loupe.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** The checks a model bundle passes before Loupe predicts with it: a wrong bundle must fail, not answer. */
final class BundleCheck {

    private BundleCheck() {
    }

    /** What can be checked from {@code model.json} and the files alone; returns the architecture. */
    static BackboneSpec beforeLoading(Path dir, ModelInfo info) {
        if (info.format() > ModelInfo.FORMAT) {
            throw new EngineException(dir + " was written by a newer Loupe (bundle format " + info.format()
                    + "); please upgrade");
        }
        if (info.architecture() == null) {
            throw new EngineException(problem(dir, "model.json names no architecture"));
        }
        BackboneSpec spec;
        try {
            spec = BackboneSpec.parse(info.architecture());
        } catch (IllegalArgumentException e) {
            throw new EngineException(problem(dir, "model.json names an unknown architecture '" + info.architecture()
                    + "'"), e);
        }
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
            throw new EngineException(problem(dir, "its architecture " + spec.name() + " is not a MobileNet: Loupe's "
                    + "models are MobileNets"));
        }
        if (info.resolution() != 0 && info.resolution() != spec.resolution()
                || info.alpha() != 0 && Math.abs(info.alpha() - spec.alpha()) > 1e-9) {
            throw new EngineException(problem(dir, "model.json says alpha " + info.alpha() + " at " + info.resolution()
                    + " px, but its architecture " + spec.name() + " means alpha " + spec.alpha() + " at "
                    + spec.resolution() + " px"));
        }
        List<String> classes = info.classes();
        if (classes == null || classes.size() < 2) {
            throw new EngineException(problem(dir, "model.json lists " + (classes == null ? "no" : classes.size())
                    + " class(es); a classifier needs at least two"));
        }
        if (new HashSet<>(classes).size() != classes.size() || classes.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new EngineException(problem(dir, "model.json's class list has blank or repeated names: " + classes));
        }
        Map<String, String> sums = info.checksums();
        if (sums != null) {
            for (Map.Entry<String, String> e : sums.entrySet()) {
                Path file = dir.resolve(e.getKey());
                if (!Files.isRegularFile(file)) {
                    throw new EngineException(problem(dir, e.getKey() + " is missing"));
                }
                if (!WeightsStore.sha256(file).equals(e.getValue())) {
                    throw new EngineException(problem(dir, e.getKey() + " does not match the checksum in model.json "
                            + "(changed or damaged since the bundle was written)"));
                }
            }
        }
        Path labels = dir.resolve(TrainedModel.LABELS_FILE);
        if (Files.isRegularFile(labels)) {
            List<String> listed;
            try {
                listed = Files.readAllLines(labels, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(l -> !l.isEmpty()).toList();
            } catch (IOException e) {
                throw new EngineException(problem(dir, "labels.txt cannot be read: " + e.getMessage()), e);
            }
            if (!listed.equals(classes)) {
                throw new EngineException(problem(dir, "labels.txt lists " + listed + " but model.json lists "
                        + classes + " (the order matters: it is the order of the network's outputs)"));
            }
        }
        return spec;
    }

    /** What needs the network: its output size and its widths. */
    static void againstGraph(Path dir, ModelInfo info, BackboneSpec spec, ComputationGraph net) {
        if (net.getNumOutputArrays() != 1 || net.getLayer(MobileNetV1.PREDICTIONS) == null
                || net.getLayer("conv1") == null) {
            throw new EngineException(problem(dir, "model.zip is not a Loupe MobileNet classifier (no conv1 and "
                    + MobileNetV1.PREDICTIONS + " layers)"));
        }
        long outputs = nOut(net, MobileNetV1.PREDICTIONS);
        if (outputs != info.classes().size()) {
            throw new EngineException(problem(dir, "the network has " + outputs + " outputs but model.json lists "
                    + info.classes().size() + " classes " + info.classes()));
        }
        long stem = nOut(net, "conv1");
        if (stem != (long) (32 * spec.alpha())) {
            throw new EngineException(problem(dir, "the network's first layer has " + stem + " filters, but "
                    + spec.name() + " has " + (long) (32 * spec.alpha()) + ": model.json's architecture is wrong"));
        }
    }

    private static long nOut(ComputationGraph net, String layer) {
        return ((FeedForwardLayer) net.getLayer(layer).conf().getLayer()).getNOut();
    }

    private static String problem(Path dir, String what) {
        return "Model bundle " + dir + " cannot be used: " + what + ".";
    }
}
