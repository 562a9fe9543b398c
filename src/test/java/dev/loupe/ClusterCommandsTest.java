package dev.loupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The cluster commands where Spark is missing (the desktop install): they say how to start them, and fail. */
class ClusterCommandsTest {

    @Test
    void withoutSparkTheCommandsExplainSparkSubmit() {
        CommandLine cli = new CommandLine(new Main.NeedsSpark("featurize-spark"));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("--input", "s3a://bucket/photos", "--out", "features.parquet"));
        assertTrue(err.toString().contains("featurize-spark runs on Apache Spark"), err.toString());
        assertTrue(err.toString().contains("spark-submit --class dev.loupe.Main"), err.toString());
    }

    @Test
    void withSparkOnTheClassPathTheJobsAreRegistered() {
        CommandLine cli = Main.commandLine();
        for (String name : new String[] {"featurize-spark", "score-spark", "bench-spark"}) {
            Object command = cli.getSubcommands().get(name).getCommand();
            assertTrue(command.getClass().getName().startsWith("dev.loupe.spark."), name + ": " + command);
        }
    }
}
