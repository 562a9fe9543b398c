package dev.loupe.issues;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The review queue as CSV: {@code rank,path,given_label,suggested_label,p_given,p_suggested,issue_score,kind},
 * best suspects first, every scored image once.
 */
public final class ReviewQueueCsv {

    public static final String HEADER = "rank,path,given_label,suggested_label,p_given,p_suggested,issue_score,kind";

    private ReviewQueueCsv() {
    }

    public static void write(ScoreReport report, Writer out) throws IOException {
        List<String> classes = report.classes();
        out.write(HEADER);
        out.write('\n');
        int rank = 1;
        for (ScoredImage s : report.queue()) {
            out.write(String.format(Locale.ROOT, "%d,%s,%s,%s,%.6f,%.6f,%.6f,%s%n", rank++, quote(s.path()),
                    quote(classes.get(s.given())), quote(classes.get(s.suggested())), s.pGiven(), s.pSuggested(),
                    s.issueScore(), s.kind().code()));
        }
        out.flush();
    }

    /** RFC 4180 quoting, only where needed (names with commas, quotes or line breaks). */
    static String quote(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
