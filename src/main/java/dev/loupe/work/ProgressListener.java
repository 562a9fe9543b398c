package dev.loupe.work;

/**
 * Receives progress reports from long-running core work (scanning, hashing, featurizing, ...).
 * Implementations must be thread-safe: work may report from several worker threads.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every report. */
    ProgressListener NONE = (done, total, message) -> { };

    /**
     * @param done    units of work finished so far
     * @param total   units of work in all, or -1 when not known yet
     * @param message a short human-readable description of the current step
     */
    void progress(long done, long total, String message);
}
