package dev.loupe.journal;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.DatasetScanner;
import dev.loupe.dataset.ScanReport;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset opened for work: its catalog, its journal with any interrupted moves finished, and a fresh scan,
 * so that the catalog matches the disk. The app and every CLI command that changes files open datasets this
 * way.
 */
public record OpenedDataset(Catalog catalog, MoveJournal journal, ScanReport report, List<MoveResult> recovered)
        implements AutoCloseable {

    public static OpenedDataset open(Path folder, ProgressListener progress, CancellationToken cancel) {
        Catalog catalog = Catalog.open(new DatasetLayout(folder));
        try {
            MoveJournal journal = new MoveJournal(catalog);
            List<MoveResult> recovered = journal.recover();
            ScanReport report = new DatasetScanner().scan(catalog, progress, cancel);
            return new OpenedDataset(catalog, journal, report, recovered);
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    public DatasetLayout layout() {
        return catalog.layout();
    }

    @Override
    public void close() {
        catalog.close();
    }
}
