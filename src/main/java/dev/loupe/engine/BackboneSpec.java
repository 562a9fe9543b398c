package dev.loupe.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which network turns images into features: a family, and for MobileNet its width multiplier (alpha) and
 * input resolution. Named on the command line as {@code mobilenet-0.25-224}, {@code resnet50}, ..., or
 * {@code onnx:PATH} for a model of the user's own ({@code source}: the file, then {@code ;preprocess=...} and
 * {@code ;output=...} when given; its input side is read from the graph, so {@code resolution} is 0 here).
 */
public record BackboneSpec(Family family, double alpha, int resolution, String source) {

    /** Backbone families Loupe can build. */
    public enum Family {
        MOBILENET_V1("mobilenet"),
        RESNET50("resnet50"),
        VGG16("vgg16"),
        SQUEEZENET("squeezenet"),
        /** A model of the user's own, any ONNX image encoder or classifier ({@link ForeignOnnx}). */
        ONNX("onnx");

        private final String cliName;

        Family(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }
    }

    /** Width multipliers of the MobileNet v1 paper (and retrain.py's {@code mobilenet_<alpha>_<res>}). */
    public static final List<Double> MOBILENET_ALPHAS = List.of(0.25, 0.5, 0.75, 1.0);
    /** Input resolutions of the MobileNet v1 paper. */
    public static final List<Integer> MOBILENET_RESOLUTIONS = List.of(128, 160, 192, 224);

    public BackboneSpec(Family family, double alpha, int resolution) {
        this(family, alpha, resolution, null);
    }

    public BackboneSpec {
        if ((family == Family.ONNX) != (source != null)) {
            throw new IllegalArgumentException("a model file goes with the onnx family, and only with it");
        }
        if (family == Family.MOBILENET_V1) {
            if (!MOBILENET_ALPHAS.contains(alpha)) {
                throw new IllegalArgumentException("MobileNet width multiplier must be one of 0.25, 0.5, 0.75, 1.0; got "
                        + alpha);
            }
            if (!MOBILENET_RESOLUTIONS.contains(resolution)) {
                throw new IllegalArgumentException("MobileNet input resolution must be one of 128, 160, 192, 224; got "
                        + resolution);
            }
        }
    }

    public static BackboneSpec mobileNet(double alpha, int resolution) {
        return new BackboneSpec(Family.MOBILENET_V1, alpha, resolution);
    }

    /** A model of the user's own: {@code source} is {@code PATH[;preprocess=...][;output=...]}. */
    public static BackboneSpec onnx(String source) {
        if (source.isBlank()) {
            throw new IllegalArgumentException("onnx: needs a model file, as in onnx:encoder.onnx");
        }
        return new BackboneSpec(Family.ONNX, 1.0, 0, source);
    }

    /** The name used on the command line, in settings and in model bundles. */
    public String name() {
        if (family == Family.ONNX) {
            return "onnx:" + source;
        }
        if (family == Family.MOBILENET_V1) {
            return "mobilenet-" + alphaText() + "-" + resolution;
        }
        return family.cliName();
    }

    /** Alpha as written in names: 0.25, 0.5, 0.75, 1.0. */
    public String alphaText() {
        return alpha == 1.0 ? "1.0" : String.valueOf(alpha);
    }

    /** Parses a command-line name such as {@code mobilenet-0.25-224} or {@code resnet50}. */
    public static BackboneSpec parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("onnx:")) {
            return onnx(name.trim().substring("onnx:".length()));
        }
        if (n.startsWith("mobilenet-")) {
            String[] parts = n.split("-");
            if (parts.length != 3) {
                throw new IllegalArgumentException("Backbone names look like mobilenet-0.25-224 (alpha, resolution); got "
                        + name);
            }
            try {
                return mobileNet(Double.parseDouble(parts[1]), Integer.parseInt(parts[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Backbone names look like mobilenet-0.25-224; got " + name, e);
            }
        }
        for (Family f : Family.values()) {
            if (f != Family.MOBILENET_V1 && f != Family.ONNX && f.cliName().equals(n)) {
                return new BackboneSpec(f, 1.0, 224);
            }
        }
        throw new IllegalArgumentException("Unknown backbone '" + name + "'. Known: " + String.join(", ", knownNames())
                + ", or onnx:PATH for a model of your own");
    }

    /** Every backbone name Loupe accepts. */
    public static List<String> knownNames() {
        List<String> names = new ArrayList<>();
        for (double a : MOBILENET_ALPHAS) {
            for (int r : MOBILENET_RESOLUTIONS) {
                names.add(mobileNet(a, r).name());
            }
        }
        for (Family f : Family.values()) {
            if (f != Family.MOBILENET_V1 && f != Family.ONNX) {
                names.add(f.cliName());
            }
        }
        return names;
    }

    @Override
    public String toString() {
        return name();
    }
}
