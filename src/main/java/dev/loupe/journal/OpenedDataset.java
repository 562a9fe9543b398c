package dev.loupe.journal;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.DatasetScanner;
import dev.loupe.dataset.ScanReport;
import dev.loupe.dataset.WriterLock;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset opened for work: its catalog, its journal, and (for {@link #open}) the moves an earlier, stopped
 * process left unfinished, finished, and a fresh scan, so that the catalog matches the disk. Both happen under
 * the dataset's {@link WriterLock}, so they never touch a move another live process is making. The app and
 * every CLI command that reads images or changes files open datasets this way; commands that only read
 * Loupe's records ({@code history}, {@code rounds}) use {@link #openForReading}, which repairs nothing.
 *
 * @param report the scan made on opening; null for a dataset opened for reading
 */
public record OpenedDataset(Catalog catalog, MoveJournal journal, ScanReport report, List<MoveResult> recovered)
        implements AutoCloseable {

    public static OpenedDataset open(Path folder, ProgressListener progress, CancellationToken cancel) {
        Catalog catalog = Catalog.open(new DatasetLayout(folder));
        try {
            MoveJournal journal = new MoveJournal(catalog);
            Refreshed refreshed = refresh(catalog, journal, progress, cancel);
            return new OpenedDataset(catalog, journal, refreshed.report(), refreshed.recovered());
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /** Opens a dataset's records without touching the disk: no recovery, no scan. */
    public static OpenedDataset openForReading(Path folder) {
        Catalog catalog = Catalog.open(new DatasetLayout(folder));
        try {
            return new OpenedDataset(catalog, new MoveJournal(catalog), null, List.of());
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /** What {@link #rescan} did: the moves it finished and the scan. */
    public record Refreshed(List<MoveResult> recovered, ScanReport report) {
    }

    /**
     * Brings the catalog in line with the disk again (files added, removed or renamed by other programs), first
     * finishing moves that a stopped process left unfinished; under the writer lock.
     */
    public Refreshed rescan(ProgressListener progress, CancellationToken cancel) {
        return refresh(catalog, journal, progress, cancel);
    }

    private static Refreshed refresh(Catalog catalog, MoveJournal journal, ProgressListener progress,
                                     CancellationToken cancel) {
        try (WriterLock.Held lock = WriterLock.acquire(catalog.layout())) {
            List<MoveResult> recovered = journal.recover();
            ScanReport report = new DatasetScanner().scan(catalog, progress, cancel);
            return new Refreshed(recovered, report);
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
