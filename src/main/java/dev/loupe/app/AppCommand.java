package dev.loupe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javafx.application.Application;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code loupe app [DIR]}: open the window, optionally on a dataset. */
@Command(name = "app", mixinStandardHelpOptions = true, description = "Open the Loupe window, optionally on DIR.")
public final class AppCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "a dataset folder to open")
    Path dir;

    @picocli.CommandLine.Option(names = "--screenshot", paramLabel = "PNG",
            description = "score DIR, capture the window to PNG and quit (regenerates the README's pictures)")
    Path screenshot;

    @picocli.CommandLine.Option(names = "--rounds-screenshot", paramLabel = "PNG",
            description = "with --screenshot: also compare the seed's architectures and capture the Rounds tab to PNG")
    Path roundsScreenshot;

    @picocli.CommandLine.Option(names = "--loupe-screenshot", paramLabel = "PNG",
            description = "with --screenshot: also capture the loupe on the first suspect, and the compare view of "
                    + "the first three, into PNG and PNG-compare.png")
    Path loupeScreenshot;

    @Override
    public Integer call() {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("No such folder: " + dir.toAbsolutePath().normalize());
        }
        java.util.List<String> args = new java.util.ArrayList<>();
        if (dir != null) {
            args.add(dir.toAbsolutePath().normalize().toString());
        }
        if (screenshot != null) {
            args.add("--screenshot=" + screenshot.toAbsolutePath());
        }
        if (roundsScreenshot != null) {
            if (screenshot == null) {
                throw new IllegalArgumentException("--rounds-screenshot goes with --screenshot");
            }
            args.add("--rounds-screenshot=" + roundsScreenshot.toAbsolutePath());
        }
        if (loupeScreenshot != null) {
            if (screenshot == null) {
                throw new IllegalArgumentException("--loupe-screenshot goes with --screenshot");
            }
            args.add("--loupe-screenshot=" + loupeScreenshot.toAbsolutePath());
        }
        Application.launch(LoupeApp.class, args.toArray(String[]::new));
        return 0;
    }
}
