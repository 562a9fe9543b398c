package dev.loupe.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A featurize-spark table of generated features, for timing and checking the ranking at sizes no photo folder
 * here has: two classes of 256-d vectors (as the desktop's ranking benchmark makes them), one row in ten filed
 * under the other class, named {@code CLASS/flipped-ID.jpg} so that a benchmark can count the planted errors found.
 */
final class SyntheticFeatures {

    private SyntheticFeatures() {
    }

    static void write(SparkSession spark, long rows, String table) {
        spark.range(rows).mapPartitions(new Rows(), Encoders.row(SparkSchemas.features())).write().parquet(table);
    }

    static boolean planted(String path) {
        return path.contains("/flipped-");
    }

    private static final class Rows implements MapPartitionsFunction<Long, Row> {
        @Override
        public Iterator<Row> call(Iterator<Long> ids) {
            List<Row> rows = new ArrayList<>();
            while (ids.hasNext()) {
                long id = ids.next();
                Random r = new Random(id * 0x9E3779B97F4A7C15L);
                int c = (int) (id % 2);
                float[] v = new float[256];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) Math.abs(r.nextGaussian() + (j % 2 == c ? 0.8 : 0));
                }
                boolean flipped = id % 10 == 3;
                String label = (c == 0) != flipped ? "a" : "b";
                String name = String.format(Locale.ROOT, "%s/%s%09d.jpg", label, flipped ? "flipped-" : "", id);
                rows.add(RowFactory.create(String.format(Locale.ROOT, "%064x", id), "synthetic-256", "none", name,
                        label, 0L, ClusterFeaturizer.encode(v), null));
            }
            return rows.iterator();
        }
    }
}
