package dev.loupe.issues;

import dev.loupe.work.Csv;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVPrinter;

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
        CSVPrinter csv = new CSVPrinter(out, Csv.FORMAT);
        csv.printRecord((Object[]) HEADER.split(","));
        int rank = 1;
        for (ScoredImage s : report.queue()) {
            csv.printRecord(rank++, s.path(), classes.get(s.given()), classes.get(s.suggested()), number(s.pGiven()),
                    number(s.pSuggested()), number(s.issueScore()), s.kind().code());
        }
        csv.flush();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
