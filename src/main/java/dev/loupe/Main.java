package dev.loupe;

import dev.loupe.app.AppCommand;
import dev.loupe.cli.LoupeCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code loupe.jar}: every command line, and the window ({@code loupe app DIR}).
 * Deliberately not a JavaFX {@code Application}, so that the jar runs with JavaFX on the class path.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        boundNativeMemory(args.length > 0 && args[0].endsWith("-spark"));
        nameThisProcess(args);
        System.exit(run(args));
    }

    /**
     * What other Loupe processes call this one when it holds a dataset ("loupe move", "the Loupe window"), so
     * that a second writer can say who is busy with the dataset.
     */
    static void nameThisProcess(String[] args) {
        if (System.getProperty(dev.loupe.dataset.WriterLock.PROCESS_PROPERTY) != null) {
            return;
        }
        String command = args.length == 0 || args[0].startsWith("-") ? "" : args[0];
        System.setProperty(dev.loupe.dataset.WriterLock.PROCESS_PROPERTY,
                command.equals("app") ? "the Loupe window" : ("loupe " + command).trim());
    }

    /**
     * DL4J keeps its arrays off the Java heap and by default may grow to four times the heap; on these
     * machines that reached 9-17 GB for MobileNet 1.0. Cap it unless the user chose limits
     * ({@code -Dorg.bytedeco.javacpp.maxbytes=... -Dorg.bytedeco.javacpp.maxphysicalbytes=...}).
     * The physical cap counts the whole process, Java heap included: a Spark driver given a large heap
     * ({@code --driver-memory 16g}) to hold a big table's features gets that heap on top of the cap.
     */
    static void boundNativeMemory(boolean sparkDriver) {
        if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxbytes", "4G");
        }
        if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            long cap = 6L << 30;
            if (sparkDriver) {
                cap += Runtime.getRuntime().maxMemory();
            }
            System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", Long.toString(cap));
        }
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Every command, the window's included. */
    public static CommandLine commandLine() {
        CommandLine commandLine = LoupeCommand.commandLine();
        commandLine.addSubcommand("app", new AppCommand());
        commandLine.addSubcommand("bench-ui", new dev.loupe.app.UiBenchCommand());
        commandLine.addSubcommand("bench-map", new dev.loupe.app.MapBenchCommand());
        addClusterCommands(commandLine);
        return commandLine;
    }

    private static final String SPARK_SESSION = "org.apache.spark.sql.SparkSession";

    /**
     * The Spark jobs, where Spark is on the class path (spark-submit puts it there; the desktop app does not carry
     * it): elsewhere the same names say how to run them.
     */
    static void addClusterCommands(CommandLine commandLine) {
        boolean spark;
        try {
            Class.forName(SPARK_SESSION, false, Main.class.getClassLoader());
            spark = true;
        } catch (ClassNotFoundException | LinkageError e) {
            spark = false;
        }
        java.util.Map<String, String> jobs = new java.util.LinkedHashMap<>();
        jobs.put("featurize-spark", "dev.loupe.spark.SparkCommands$Featurize");
        jobs.put("score-spark", "dev.loupe.spark.SparkCommands$Score");
        jobs.put("bench-spark", "dev.loupe.spark.SparkBench");
        for (String name : jobs.keySet()) {
            Object command;
            if (spark) {
                try {
                    command = Class.forName(jobs.get(name)).getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("the Spark commands are missing from this build", e);
                }
            } else {
                command = new NeedsSpark(name);
            }
            commandLine.addSubcommand(name, command);
        }
    }

    /** A Spark command started without Spark: says how to start it. */
    @CommandLine.Command(description = "Runs on Apache Spark: start it with spark-submit (README: Running on a cluster)")
    static final class NeedsSpark implements java.util.concurrent.Callable<Integer> {
        private final String name;

        @CommandLine.Unmatched
        java.util.List<String> ignored;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        NeedsSpark(String name) {
            this.name = name;
        }

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("loupe: " + name + " runs on Apache Spark, which this installation "
                    + "does not carry. Start it with spark-submit:\n  spark-submit --class dev.loupe.Main "
                    + "--jars <Loupe's lib/*.jar, comma-separated> loupe.jar " + name + " ...\n"
                    + "(README, \"Running on a cluster\")");
            return 2;
        }
    }
}
