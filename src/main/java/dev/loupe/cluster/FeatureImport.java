package dev.loupe.cluster;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.features.FeatureCache;
import dev.loupe.imaging.ModelInput;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads a cluster run's feature table ({@code featurize-spark}) into a dataset's feature cache, so that the
 * desktop ranks and reviews without featurizing again. Rows are matched by content hash: a local copy, a sample
 * or a moved-around version of the dataset all find their images. Only vectors of images in this dataset are
 * stored; the table is read one row group at a time.
 */
public final class FeatureImport {

    /**
     * What an import did.
     *
     * @param rows        rows read
     * @param imported    vectors stored (distinct images of this dataset)
     * @param notHere     rows with a vector whose image is not in this dataset
     * @param failed      rows the cluster could not featurize (path -> reason), for the record
     * @param judges      fingerprint -> vectors stored, for each judge found
     * @param decoders    JPEG decoders the cluster used
     * @param localDecoder this machine's JPEG decoder: imported vectors serve it only when they match
     */
    public record Report(long rows, int imported, long notHere, Map<String, String> failed, Map<String, Integer> judges,
                         Set<String> decoders, String localDecoder) {

        /** Whether the cluster decoded JPEGs as this machine does (otherwise the vectors wait for such a machine). */
        public boolean decoderMatches() {
            return decoders.isEmpty() || decoders.equals(Set.of(localDecoder));
        }

        /** One line for the status bar or the terminal. */
        public String summary() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(java.util.Locale.ROOT, "Imported %d feature vector(s) of %s from %d row(s)",
                    imported, judges.isEmpty() ? "no judge" : String.join(", ", judges.keySet().stream()
                            .map(FeatureImport::judgeName).toList()), rows));
            if (notHere > 0) {
                b.append("; ").append(notHere).append(" image(s) are not in this dataset");
            }
            if (!failed.isEmpty()) {
                b.append("; ").append(failed.size()).append(" could not be featurized on the cluster");
            }
            if (!decoderMatches()) {
                b.append(". The cluster decoded JPEGs with ").append(String.join(", ", decoders))
                        .append(", this machine with ").append(localDecoder).append(": the vectors serve Loupe ")
                        .append(decoders.contains("imageio") ? "started with -Dloupe.jpeg=imageio"
                                : "on a machine with OpenCV's natives");
            }
            return b.toString();
        }
    }

    private FeatureImport() {
    }

    /**
     * A judge as a person tells them apart: the backbone's name at the head of its fingerprint, and which
     * weights ({@code mobilenet-0.25-224 with weights 1a2b3c4d}, {@code ... with random weights}).
     */
    public static String judgeName(String fingerprint) {
        int semicolon = fingerprint.indexOf(';');
        String name = semicolon < 0 ? fingerprint : fingerprint.substring(0, semicolon);
        java.util.regex.Matcher weights = java.util.regex.Pattern.compile(";weights=(random|sha256):([0-9a-f]{0,8})")
                .matcher(fingerprint);
        if (weights.find()) {
            return name + (weights.group(1).equals("random") ? " with random weights" : " with weights "
                    + weights.group(2));
        }
        if (name.equals("onnx")) {
            java.util.regex.Matcher file = java.util.regex.Pattern.compile("^onnx;sha256:([0-9a-f]{8})").matcher(fingerprint);
            return file.find() ? "an ONNX model " + file.group(1) : name;
        }
        return name;
    }

    public static Report run(Catalog catalog, FeatureCache cache, Path table, ProgressListener progress,
                             CancellationToken cancel) {
        Set<String> here = new HashSet<>();
        for (CatalogEntry e : catalog.entries()) {
            if (e.ok()) {
                here.add(e.sha256());
            }
        }
        List<Path> parts = ParquetReader.parts(table);
        long rows = 0;
        long notHere = 0;
        Map<String, String> failed = new TreeMap<>();
        Map<String, Integer> judges = new LinkedHashMap<>();
        Set<String> decoders = new HashSet<>();
        Set<String> stored = new HashSet<>();
        for (int p = 0; p < parts.size(); p++) {
            try (ParquetReader reader = new ParquetReader(parts.get(p))) {
                for (String column : ClusterColumns.FEATURES) {
                    if (reader.columns().stream().noneMatch(c -> c.name().equals(column))) {
                        throw new ParquetException(parts.get(p).getFileName() + " is not a featurize-spark table: it "
                                + "has no '" + column + "' column");
                    }
                }
                for (int g = 0; g < reader.rowGroupCount(); g++) {
                    cancel.throwIfCancelled();
                    ParquetReader.RowGroup group = reader.rowGroup(g);
                    Object[] sha = group.column(ClusterColumns.SHA256);
                    Object[] fingerprint = group.column(ClusterColumns.FINGERPRINT);
                    Object[] decoder = group.column(ClusterColumns.DECODER);
                    Object[] path = group.column(ClusterColumns.PATH);
                    Object[] vector = group.column(ClusterColumns.VECTOR);
                    Object[] error = group.column(ClusterColumns.ERROR);
                    Map<String, Map<String, float[]>> batch = new HashMap<>();
                    for (int i = 0; i < group.rows(); i++) {
                        rows++;
                        if (vector[i] == null) {
                            failed.put((String) path[i], error[i] == null ? "no vector" : (String) error[i]);
                            continue;
                        }
                        if (!here.contains((String) sha[i])) {
                            notHere++;
                            continue;
                        }
                        String key = fingerprint[i] + "\n" + decoder[i];
                        if (batch.computeIfAbsent(key, k -> new HashMap<>())
                                .put((String) sha[i], FeatureCache.decode((byte[]) vector[i])) == null
                                && stored.add(key + "\n" + sha[i])) {
                            judges.merge((String) fingerprint[i], 1, Integer::sum);
                        }
                        decoders.add((String) decoder[i]);
                    }
                    for (Map.Entry<String, Map<String, float[]>> e : batch.entrySet()) {
                        String[] keyParts = e.getKey().split("\n", 2);
                        cache.putComputedElsewhere(keyParts[0], keyParts[1], e.getValue());
                    }
                    progress.progress(p + 1, parts.size(), "Importing features");
                }
            }
        }
        int imported = judges.values().stream().mapToInt(Integer::intValue).sum();
        return new Report(rows, imported, notHere, failed, judges, decoders, ModelInput.jpegDecoder());
    }
}
