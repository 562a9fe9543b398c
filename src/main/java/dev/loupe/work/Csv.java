package dev.loupe.work;

import org.apache.commons.csv.CSVFormat;

/** How Loupe writes every CSV file (review queue, export manifest), through Apache Commons CSV. */
public final class Csv {

    /**
     * RFC 4180 quoting where a value needs it (commas, quotes, line breaks, carriage returns), one record per
     * line ending in a plain newline.
     */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').build();

    private Csv() {
    }
}
