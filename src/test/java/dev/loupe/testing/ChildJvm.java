package dev.loupe.testing;

import java.util.ArrayList;
import java.util.List;

/** A second Java process on the test's class path, started the way crash and concurrency tests need. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** A process builder for {@code mainClass} with {@code args}: small heap, fast start, quiet logs. */
    public static ProcessBuilder of(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
