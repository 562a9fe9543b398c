package dev.loupe.cli;

import dev.loupe.sample.SampleGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.loupe.work.CancellationToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe sample OUT}: generate a synthetic road / not-road dataset with planted label errors. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate a synthetic road / not-road dataset with deliberately misfiled images. "
                + "OUT/ground-truth.csv lists every image's true class. Same options, same bytes.")
final class SampleCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "OUT", description = "a new or empty folder")
    Path out;

    @Option(names = "--count", defaultValue = "700", description = "images in all (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--noise", defaultValue = "0.08",
            description = "fraction filed in the wrong class, 0 to 0.5 (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", defaultValue = "224x168", paramLabel = "WxH",
            description = "image size in pixels (default: ${DEFAULT-VALUE})")
    String size;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("--size must look like 224x168");
        }
        int width;
        int height;
        try {
            width = Integer.parseInt(wh[0].trim());
            height = Integer.parseInt(wh[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--size must look like 224x168", e);
        }
        SampleGenerator.Options options = new SampleGenerator.Options(count, noise, seed, width, height,
                Runtime.getRuntime().availableProcessors());
        StderrProgress progress = new StderrProgress();
        List<SampleGenerator.Item> items;
        try {
            items = new SampleGenerator().generate(out, options, progress, CancellationToken.none());
        } finally {
            progress.finish();
        }
        long wrong = items.stream().filter(SampleGenerator.Item::mislabeled).count();
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "Wrote %d images to %s (%d misfiled, listed in %s)%n", items.size(),
                out.toAbsolutePath().normalize(), wrong, SampleGenerator.GROUND_TRUTH);
        w.flush();
        return 0;
    }
}
