package dev.loupe.cluster;

import java.util.List;

/**
 * The columns of a cluster run's feature table, one row per file: keyed as the desktop's feature cache keys its
 * vectors (content hash, backbone fingerprint, the JPEG decoder that made the pixels), with where the file was
 * and what it was filed as. {@code vector} is the feature vector as little-endian float32 bytes (as
 * {@code features.db} stores it), null when the file could not be decoded and {@code error} says why.
 */
public final class ClusterColumns {

    public static final String SHA256 = "sha256";
    public static final String FINGERPRINT = "fingerprint";
    public static final String DECODER = "decoder";
    public static final String PATH = "path";
    public static final String CLASS = "class";
    public static final String BYTES = "bytes";
    public static final String VECTOR = "vector";
    public static final String ERROR = "error";

    /** In table order. */
    public static final List<String> FEATURES = List.of(SHA256, FINGERPRINT, DECODER, PATH, CLASS, BYTES, VECTOR,
            ERROR);

    private ClusterColumns() {
    }
}
