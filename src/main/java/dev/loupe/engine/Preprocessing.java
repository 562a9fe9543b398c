package dev.loupe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a foreign ONNX model wants its pixels: the input side, a centre crop, per-channel mean and standard
 * deviation after a scale, and the channel order. Images reach it squashed to a square of {@link #loadSize()}
 * (as for every backbone; the aspect ratio is not kept), then the centre {@link #size()} square is cut out.
 *
 * @param size   input side the network takes; 0 means "read it from the graph"
 * @param crop   fraction of the loaded square kept in the middle (torchvision's 224 of 256: 0.875); 1 keeps all
 * @param scale  pixels (0..255) are multiplied by this first
 * @param mean   then this is subtracted per channel (in RGB order)
 * @param std    and the result divided by this per channel (in RGB order)
 * @param bgr    channels handed to the network as B, G, R
 * @param preset the named preset this came from, or "custom"
 */
public record Preprocessing(int size, double crop, float scale, float[] mean, float[] std, boolean bgr, String preset)
        implements java.io.Serializable {

    /** The presets by name: what PyTorch's torchvision models, Keras' MobileNets and OpenAI's CLIP expect. */
    public static final List<String> PRESETS = List.of("torchvision", "keras-mobilenet", "clip", "caffe");

    public Preprocessing {
        if (size < 0 || size > 2048) {
            throw new IllegalArgumentException("input size must be between 1 and 2048 pixels; got " + size);
        }
        if (!(crop > 0.2 && crop <= 1.0)) {
            throw new IllegalArgumentException("crop must be a fraction in (0.2, 1]; got " + crop);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std take three values (R, G, B)");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive; got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** One of {@link #PRESETS}. */
    public static Preprocessing preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "torchvision" -> new Preprocessing(0, 0.875, 1f / 255, new float[] {0.485f, 0.456f, 0.406f},
                    new float[] {0.229f, 0.224f, 0.225f}, false, "torchvision");
            case "keras-mobilenet" -> new Preprocessing(0, 1.0, 1f / 127.5f, new float[] {1, 1, 1},
                    new float[] {1, 1, 1}, false, "keras-mobilenet");
            case "clip" -> new Preprocessing(0, 1.0, 1f / 255, new float[] {0.48145466f, 0.4578275f, 0.40821073f},
                    new float[] {0.26862954f, 0.26130258f, 0.27577711f}, false, "clip");
            case "caffe" -> new Preprocessing(0, 1.0, 1f, new float[] {123.68f, 116.779f, 103.939f},
                    new float[] {1, 1, 1}, true, "caffe");
            default -> throw new IllegalArgumentException("unknown preprocessing preset '" + name + "'; known: "
                    + String.join(", ", PRESETS) + " (or size=,crop=,scale=,mean=,std=,bgr)");
        };
    }

    /**
     * Parses a preset name, optionally followed by overrides, or overrides alone (starting from torchvision):
     * {@code clip}, {@code torchvision,size=299}, {@code scale=0.00392,mean=0.5/0.5/0.5,std=0.5/0.5/0.5,crop=1}.
     */
    public static Preprocessing parse(String text) {
        String[] parts = text.trim().split(",");
        int first = 0;
        Preprocessing p;
        if (!parts[0].contains("=") && !parts[0].isBlank() && !parts[0].equalsIgnoreCase("bgr")
                && !parts[0].equalsIgnoreCase("rgb")) {
            p = preset(parts[0].trim());
            first = 1;
        } else {
            p = preset("torchvision");
        }
        for (int i = first; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1).trim();
            p = p.with(key, value);
        }
        return p;
    }

    private Preprocessing with(String key, String value) {
        try {
            return switch (key) {
                case "size" -> new Preprocessing(Integer.parseInt(value), crop, scale, mean, std, bgr, "custom");
                case "crop" -> new Preprocessing(size, Double.parseDouble(value), scale, mean, std, bgr, "custom");
                case "scale" -> new Preprocessing(size, crop, fraction(value), mean, std, bgr, "custom");
                case "mean" -> new Preprocessing(size, crop, scale, triple(value), std, bgr, "custom");
                case "std" -> new Preprocessing(size, crop, scale, mean, triple(value), bgr, "custom");
                case "bgr" -> new Preprocessing(size, crop, scale, mean, std, true, "custom");
                case "rgb" -> new Preprocessing(size, crop, scale, mean, std, false, "custom");
                default -> throw new IllegalArgumentException("unknown preprocessing key '" + key
                        + "'; known: size, crop, scale, mean, std, bgr, rgb");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("preprocessing " + key + "=" + value + " is not a number", e);
        }
    }

    /** {@code 0.0039}, or {@code 1/255}. */
    private static float fraction(String value) {
        int slash = value.indexOf('/');
        return slash < 0 ? Float.parseFloat(value)
                : Float.parseFloat(value.substring(0, slash)) / Float.parseFloat(value.substring(slash + 1));
    }

    private static float[] triple(String value) {
        String[] v = value.split("[/ ]+");
        if (v.length == 1) {
            float x = Float.parseFloat(v[0]);
            return new float[] {x, x, x};
        }
        if (v.length != 3) {
            throw new IllegalArgumentException("mean and std take one value or three (R/G/B); got " + value);
        }
        return new float[] {Float.parseFloat(v[0]), Float.parseFloat(v[1]), Float.parseFloat(v[2])};
    }

    /** The same with the input side the graph declares, when none was given. */
    public Preprocessing withSize(int side) {
        return size > 0 ? this : new Preprocessing(side, crop, scale, mean, std, bgr, preset);
    }

    /** Side of the square images are loaded at before the centre crop. */
    public int loadSize() {
        return (int) Math.round(size / crop);
    }

    /** Everything that changes the pixels, for the feature cache's fingerprint. */
    public String describe() {
        return String.format(Locale.ROOT, "size=%d,crop=%.4f,scale=%.6g,mean=%s,std=%s,%s", size, crop, scale,
                join(mean), join(std), bgr ? "bgr" : "rgb");
    }

    private static String join(float[] v) {
        return String.format(Locale.ROOT, "%.6g/%.6g/%.6g", v[0], v[1], v[2]);
    }

    @Override
    public String toString() {
        return preset.equals("custom") ? describe() : preset + " (" + describe() + ")";
    }

    /**
     * Writes the centre crop of NHWC RGB 0..255 pixels (each image {@link #loadSize()} square) normalized into
     * {@code out} from position 0, NCHW or NHWC.
     */
    void write(float[] rgb, int count, boolean nchw, FloatBuffer out) {
        int load = loadSize();
        int offset = (load - size) / 2;
        float[] a = new float[3];
        float[] b = new float[3];
        for (int c = 0; c < 3; c++) {
            int from = bgr ? 2 - c : c; // output channel c reads input channel from
            a[c] = scale / std[from];
            b[c] = -mean[from] / std[from];
        }
        float[] row = new float[size * 3];
        int plane = size * size;
        for (int n = 0; n < count; n++) {
            int image = n * load * load * 3;
            for (int y = 0; y < size; y++) {
                int in = image + ((y + offset) * load + offset) * 3;
                if (nchw) {
                    int base = n * 3 * plane + y * size;
                    for (int c = 0; c < 3; c++) {
                        int from = bgr ? 2 - c : c;
                        for (int x = 0; x < size; x++) {
                            row[x] = rgb[in + x * 3 + from] * a[c] + b[c];
                        }
                        out.put(base + c * plane, row, 0, size);
                    }
                } else {
                    for (int x = 0; x < size; x++) {
                        for (int c = 0; c < 3; c++) {
                            row[x * 3 + c] = rgb[in + x * 3 + (bgr ? 2 - c : c)] * a[c] + b[c];
                        }
                    }
                    out.put((n * plane + y * size) * 3, row, 0, size * 3);
                }
            }
        }
    }

    // ------------------------------------------------------------------ the sidecar file

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sidecar of {@code model}: {@code name.json} next to {@code name.onnx}. */
    public static Path sidecarOf(Path model) {
        String name = model.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return model.resolveSibling(stem + ".json");
    }

    /**
     * Reads a sidecar: {@code {"preset": "clip"}} or any of {@code size, crop, scale, mean, std, channels
     * ("RGB"/"BGR")} on top of a preset (torchvision when none is named); {@code output} names the feature tensor.
     */
    public static Sidecar readSidecar(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new EngineException("Cannot read the preprocessing file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new EngineException(file + " must hold a JSON object such as {\"preset\": \"torchvision\"}");
        }
        try {
            JsonNode pre = root.path("preprocessing").isObject() ? root.get("preprocessing") : root;
            String named = pre.path("preset").asText("torchvision");
            // "custom" (written for settings no preset has) spells every value out: any start will do.
            Preprocessing base = preset(named.equals("custom") ? "torchvision" : named);
            Preprocessing p = base;
            for (String key : new String[] {"size", "crop", "scale"}) {
                if (pre.has(key)) {
                    p = p.with(key, pre.get(key).asText());
                }
            }
            for (String key : new String[] {"mean", "std"}) {
                if (pre.has(key)) {
                    JsonNode v = pre.get(key);
                    p = p.with(key, v.isArray() ? v.get(0).asText() + "/" + v.get(1).asText() + "/" + v.get(2).asText()
                            : v.asText());
                }
            }
            if (pre.has("channels")) {
                p = p.with(pre.get("channels").asText().equalsIgnoreCase("BGR") ? "bgr" : "rgb", "");
            }
            if (!named.equals("custom") && p.describe().equals(base.withSize(p.size).describe())) {
                p = base.withSize(p.size); // the preset's own values, spelled out: still that preset
            }
            String output = root.path("output").asText(pre.path("output").asText(""));
            return new Sidecar(p, output.isEmpty() ? null : output);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EngineException("The preprocessing file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    /** What a sidecar says. */
    public record Sidecar(Preprocessing preprocessing, String output) {
    }

    /** This as the sidecar's JSON object (with the feature output, if named). */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("preset", preset);
        node.put("size", size);
        node.put("crop", crop);
        node.put("scale", scale);
        node.putArray("mean").add(mean[0]).add(mean[1]).add(mean[2]);
        node.putArray("std").add(std[0]).add(std[1]).add(std[2]);
        node.put("channels", bgr ? "BGR" : "RGB");
        node.put("layout", "NCHW");
        node.put("resize", "squash to " + loadSize() + "x" + loadSize() + ", centre crop " + size);
        return node;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && describe().equals(p.describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }
}
