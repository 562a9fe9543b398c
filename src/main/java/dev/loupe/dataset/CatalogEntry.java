package dev.loupe.dataset;

import dev.loupe.imaging.ImageStatus;

/**
 * One file in a class folder as the catalog knows it.
 *
 * @param path     relative to the dataset root, {@code /}-separated
 * @param label    the class (or reserved bucket) folder it sits in
 * @param size     bytes on disk when last scanned
 * @param mtime    last-modified time in milliseconds when last scanned
 * @param sha256   content hash, or null when the file could not be read
 * @param format   recognised image format name, or null
 * @param reason   why the file is skipped; empty when the status is ok
 */
public record CatalogEntry(String path, String label, long size, long mtime, String sha256, int width, int height,
                           String format, ImageStatus status, String reason) {

    public boolean ok() {
        return status == ImageStatus.OK;
    }
}
