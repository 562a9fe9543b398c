package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A model bundle that does not fit together is refused with one clear line, never answered with. */
class BundleCheckTest {

    private static final Path FORMAT1 = Path.of("src/test/resources/bundles/format1-mobilenet-0.25-128");

    @TempDir
    Path dir;

    /** A way to damage a copy of the committed format-1 bundle. */
    @FunctionalInterface
    interface Damage {
        void apply(Path bundle) throws IOException;
    }

    static Stream<Arguments> damagedBundles() {
        return Stream.of(
                Arguments.of("labels reordered", (Damage) b -> write(b, "labels.txt", "road\nnot-road\n"),
                        "labels.txt lists [road, not-road] but model.json lists [not-road, road]"),
                Arguments.of("fewer classes than outputs", (Damage) b -> replace(b, "\"classes\" : [ \"not-road\", \"road\" ]",
                        "\"classes\" : [ \"not-road\", \"road\", \"sky\" ]", "not-road\nroad\nsky\n"),
                        "the network has 2 outputs but model.json lists 3 classes"),
                Arguments.of("one class", (Damage) b -> replace(b, "\"classes\" : [ \"not-road\", \"road\" ]",
                        "\"classes\" : [ \"road\" ]", null), "lists 1 class(es)"),
                Arguments.of("repeated class", (Damage) b -> replace(b, "\"classes\" : [ \"not-road\", \"road\" ]",
                        "\"classes\" : [ \"road\", \"road\" ]", null), "blank or repeated names"),
                Arguments.of("wrong width", (Damage) b -> replace(b, "\"architecture\" : \"mobilenet-0.25-128\"",
                        "\"architecture\" : \"mobilenet-0.5-128\"", null), "alpha 0.25 at 128 px, but its architecture"),
                Arguments.of("wrong width everywhere", (Damage) b -> {
                    replace(b, "\"architecture\" : \"mobilenet-0.25-128\"", "\"architecture\" : \"mobilenet-0.5-128\"", null);
                    replace(b, "\"alpha\" : 0.25", "\"alpha\" : 0.5", null);
                }, "first layer has 8 filters, but mobilenet-0.5-128 has 16"),
                Arguments.of("unknown architecture", (Damage) b -> replace(b, "\"architecture\" : \"mobilenet-0.25-128\"",
                        "\"architecture\" : \"inception-v9\"", null), "unknown architecture 'inception-v9'"),
                Arguments.of("no architecture", (Damage) b -> replace(b, "\"architecture\" : \"mobilenet-0.25-128\",", "",
                        null), "names no architecture"),
                Arguments.of("broken JSON", (Damage) b -> write(b, "model.json", "{ \"format\" : 1, "),
                        "model.json is not valid"),
                Arguments.of("garbage network", (Damage) b -> write(b, "model.zip", "not a zip"),
                        "model.zip is not a readable network"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedBundles")
    void damagedBundleIsRefusedWithOneClearLine(String what, Damage damage, String expected) throws IOException {
        Path bundle = copyOfFormat1();
        damage.apply(bundle);
        EngineException e = assertThrows(EngineException.class, () -> TrainedModel.load(bundle));
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void aSavedBundleCarriesChecksumsThatCatchAChangedFile() throws IOException {
        Path saved = dir.resolve("saved");
        try (TrainedModel model = TrainedModel.load(copyOfFormat1())) {
            model.save(saved);
        }
        assertDoesNotThrow(() -> TrainedModel.load(saved).close());
        Files.write(saved.resolve("model.zip"), new byte[] {0}, StandardOpenOption.APPEND);
        EngineException e = assertThrows(EngineException.class, () -> TrainedModel.load(saved));
        assertTrue(e.getMessage().contains("model.zip does not match the checksum in model.json"), e.getMessage());
    }

    private Path copyOfFormat1() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("bundle"));
        try (Stream<Path> files = Files.list(FORMAT1)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static void write(Path bundle, String file, String text) throws IOException {
        Files.writeString(bundle.resolve(file), text, StandardCharsets.UTF_8);
    }

    private static void replace(Path bundle, String from, String to, String labels) throws IOException {
        Path json = bundle.resolve("model.json");
        String text = Files.readString(json, StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalStateException("model.json does not contain " + from);
        }
        Files.writeString(json, text.replace(from, to), StandardCharsets.UTF_8);
        if (labels != null) {
            write(bundle, "labels.txt", labels);
        } else {
            Files.deleteIfExists(bundle.resolve("labels.txt"));
        }
    }
}
