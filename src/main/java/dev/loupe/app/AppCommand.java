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

    @Override
    public Integer call() {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("No such folder: " + dir.toAbsolutePath().normalize());
        }
        String[] args = dir == null ? new String[0] : new String[] {dir.toAbsolutePath().normalize().toString()};
        Application.launch(LoupeApp.class, args);
        return 0;
    }
}
