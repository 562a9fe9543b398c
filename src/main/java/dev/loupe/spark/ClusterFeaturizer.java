package dev.loupe.spark;

import dev.loupe.dataset.DatasetLayout;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.PortableJudge;
import dev.loupe.imaging.ImageDecodeException;
import dev.loupe.imaging.ImageProbe;
import dev.loupe.imaging.ProbeResult;
import dev.loupe.imaging.ModelInput;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Featurizes a folder-per-class image tree on Spark: {@code binaryFile} reads every file (Spark's listing skips
 * names starting with {@code .} or {@code _}, so Loupe's state folder and its {@code _unsure}/{@code _excluded}
 * buckets stay out), each task decodes with Loupe's own decoder and runs the judge with ONNX Runtime on one
 * thread, and every file becomes one row keyed as the desktop's feature cache keys it ({@link ClusterColumns}):
 * a vector, or the reason it has none.
 */
public final class ClusterFeaturizer {

    private static final String OPEN_COST = "spark.sql.files.openCostInBytes";
    private static final String IMAGE_OPEN_COST = "262144";

    /** Images per network call in a task. */
    static final int BATCH = 32;

    private ClusterFeaturizer() {
    }

    /** The rows for every file under {@code input} (a path or URI Spark reads: file:, hdfs:, s3a:). */
    public static Dataset<Row> featurize(SparkSession spark, String input, PortableJudge judge) {
        String root = qualifiedRoot(spark, input);
        Broadcast<PortableJudge> shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(judge);
        // Spark counts 4 MB of "opening cost" per file when it packs files into tasks, which makes a task of
        // every ~30 photos; an image's cost is nearer its own size, so tasks get a few hundred and each spends its
        // time decoding and in the network, not starting up. Set only while the files are planned.
        String cost = spark.conf().get(OPEN_COST, null);
        spark.conf().set(OPEN_COST, IMAGE_OPEN_COST);
        JavaRDD<Row> files;
        try {
            // Planned here, as an RDD: its tasks are fixed now, under this cost.
            files = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(input)
                    .select("path", "length", "content").javaRDD();
            files.getNumPartitions();
        } finally {
            if (cost == null) {
                spark.conf().unset(OPEN_COST);
            } else {
                spark.conf().set(OPEN_COST, cost);
            }
        }
        return spark.createDataFrame(files.mapPartitions(new Task(shipped, root)), SparkSchemas.features());
    }

    /** The input folder as Spark names its files ({@code file:/data/set}), without a trailing slash. */
    static String qualifiedRoot(SparkSession spark, String input) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(input);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                throw new IllegalArgumentException("No dataset folder at " + input);
            }
            String root = fs.makeQualified(path).toString();
            return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /** The work of one partition: decode, batch, run the network, one row per file. */
    private static final class Task implements FlatMapFunction<Iterator<Row>, Row>, Serializable {

        private final Broadcast<PortableJudge> judge;
        private final String root;

        Task(Broadcast<PortableJudge> judge, String root) {
            this.judge = judge;
            this.root = root;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> files) {
            return new Batches(files, judge.value(), root);
        }
    }

    /** Pulls a batch of files, featurizes it, hands its rows out, and gives the judge back when done. */
    private static final class Batches implements Iterator<Row> {

        private final Iterator<Row> files;
        private final PortableJudge judge;
        private final String root;
        private final String decoder = ModelInput.jpegDecoder();
        private final ImageProbe probe = new ImageProbe();
        private FeatureExtractor extractor;
        private ModelInput input;
        private float[] pixels;
        private final List<Row> ready = new ArrayList<>();
        private int next;

        Batches(Iterator<Row> files, PortableJudge judge, String root) {
            this.files = files;
            this.judge = judge;
            this.root = root;
        }

        @Override
        public boolean hasNext() {
            if (next < ready.size()) {
                return true;
            }
            ready.clear();
            next = 0;
            if (!files.hasNext()) {
                return false;
            }
            fill();
            return !ready.isEmpty() || hasNext();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(next++);
        }

        private void fill() {
            if (extractor == null) {
                extractor = Judges.of(judge);
                input = new ModelInput(extractor.resolution());
                pixels = new float[BATCH * input.length()];
            }
            List<Object[]> decoded = new ArrayList<>();
            int good = 0;
            while (files.hasNext() && decoded.size() < BATCH) {
                Row file = files.next();
                String path = relative(file.getString(0));
                if (path == null) {
                    continue;
                }
                byte[] content = file.getAs(2);
                // The desktop's catalog verdict first (empty, not an image, truncated...), then the decoder's.
                ProbeResult probed = probe.probe(content);
                String sha = probed.sha256();
                String error = probed.ok() ? null : probed.reason();
                if (error == null) {
                    try {
                        input.load(content, path, pixels, good * input.length());
                    } catch (ImageDecodeException | OutOfMemoryError e) {
                        error = e.getMessage();
                    }
                }
                decoded.add(new Object[] {sha, path, file.getLong(1), error, error == null ? good++ : -1});
            }
            float[][] vectors = good == 0 ? new float[0][] : extractor.extract(pixels, good);
            for (Object[] d : decoded) {
                int index = (int) d[4];
                String path = (String) d[1];
                ready.add(RowFactory.create(d[0], judge.fingerprint(), decoder, path, DatasetLayout.labelOf(path),
                        d[2], index < 0 ? null : encode(vectors[index]), d[3]));
            }
        }

        /** The file's path inside the dataset, or null for one outside the class folders or hidden (a dot-name). */
        private String relative(String uri) {
            if (!uri.startsWith(root + "/")) {
                return null;
            }
            String path = uri.substring(root.length() + 1);
            String decodedPath = new org.apache.hadoop.fs.Path(path).toUri().getPath();
            if (!decodedPath.contains("/")) {
                return null; // beside the class folders (a README): not an image of the dataset
            }
            for (String part : decodedPath.split("/")) {
                if (DatasetLayout.isHidden(part)) {
                    return null;
                }
            }
            return decodedPath;
        }
    }

    /**
     * The judges open in this executor, by fingerprint: one ONNX Runtime session per executor, which its tasks
     * run at once (each with one operator thread), so a large model is loaded once, not once per core.
     */
    static final class Judges {
        private static final ConcurrentHashMap<String, FeatureExtractor> OPEN = new ConcurrentHashMap<>();

        static FeatureExtractor of(PortableJudge judge) {
            return OPEN.computeIfAbsent(judge.fingerprint(), k -> judge.open(1));
        }
    }

    static byte[] encode(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(v);
        return buffer.array();
    }
}
