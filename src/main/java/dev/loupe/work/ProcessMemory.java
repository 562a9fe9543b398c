package dev.loupe.work;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory, as the operating system counts it (Linux; -1 elsewhere). */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Peak resident set size in MiB since the process started ({@code VmHWM}), or -1 when unknown. */
    public static long peakRssMb() {
        return statusField("VmHWM:");
    }

    /** Current resident set size in MiB ({@code VmRSS}), or -1 when unknown. */
    public static long rssMb() {
        return statusField("VmRSS:");
    }

    private static long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim()) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
