package dev.loupe.cli;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Backbones;
import dev.loupe.engine.MobileNetV1;
import dev.loupe.engine.WeightsStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe backbones}: the networks Loupe can use and where their weights come from. */
@Command(name = "backbones", mixinStandardHelpOptions = true,
        description = "List the backbones (--backbone NAME) and where their pretrained weights come from.")
final class BackbonesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        WeightsStore store = WeightsStore.standard();
        out.printf(Locale.ROOT, "Weights cache: %s (set LOUPE_WEIGHTS_DIR to move it)%n", store.cacheDir());
        out.printf(Locale.ROOT, "Settings:      %s (weights.<backbone>=FILE uses a local file)%n%n",
                WeightsStore.defaultSettingsFile());
        out.printf(Locale.ROOT, "%-20s %8s  %-8s %s%n", "backbone", "features", "weights", "source");
        for (String name : BackboneSpec.knownNames()) {
            BackboneSpec b = BackboneSpec.parse(name);
            if (b.family() == BackboneSpec.Family.MOBILENET_V1) {
                Path cached = store.cachedFile(b);
                java.util.Optional<Path> configured = store.configuredFile(b);
                String state = configured.isPresent() ? "settings" : Files.isRegularFile(cached) ? "cached" : "download";
                out.printf(Locale.ROOT, "%-20s %8d  %-8s %s%n", name, MobileNetV1.featureSize(b.alpha()), state,
                        configured.map(Path::toString).orElse(store.urlFor(b)));
            } else {
                out.printf(Locale.ROOT, "%-20s %8s  %-8s %s%n", name, "-", "zoo", Backbones.weightsSource(b, store));
            }
        }
        out.printf(Locale.ROOT, "%-20s %8s  %-8s %s%n", "onnx:PATH", "-", "yours",
                "any ONNX image encoder or classifier (--preprocess " + String.join("|",
                        dev.loupe.engine.Preprocessing.PRESETS) + ", --onnx-output TENSOR)");
        out.flush();
        return 0;
    }
}
