package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Progress on stderr: a bar redrawn in place on a terminal, plain lines (now and then) in a log. */
class StderrProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEndsWithANewline() {
        StderrProgress progress = new StderrProgress(err, true);
        progress.progress(1, 4, "Featurizing");
        progress.progress(4, 4, "Featurizing");
        String out = printed();
        assertTrue(out.startsWith("\r[#######"), out);
        assertTrue(out.contains("4/4"), out);
        assertTrue(out.endsWith("\n"), "the finished bar leaves the line: " + out);
    }

    @Test
    void inALogEachShownStepIsOneLineWithoutControlCharacters() {
        StderrProgress progress = new StderrProgress(err, false);
        progress.progress(0, -1, "Listing files");
        progress.progress(5, 10, "Reading"); // within 5 s of the last line: not printed
        progress.progress(10, 10, "Reading");
        String[] lines = printed().split("\n");
        assertEquals(2, lines.length, printed());
        assertEquals("Listing files", lines[0]);
        assertTrue(lines[1].contains("10/10") && lines[1].endsWith("Reading"), lines[1]);
        assertTrue(!printed().contains("\r") && !printed().contains("\033"), "no terminal codes in a log");
    }
}
