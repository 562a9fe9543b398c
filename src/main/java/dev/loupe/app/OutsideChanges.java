package dev.loupe.app;

import dev.loupe.dataset.ScanReport;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.ProgressListener;
import java.util.Locale;

/**
 * Notices what others did to the open dataset: files added, removed or renamed by other programs (a rescan
 * when the window regains focus) and moves by another Loupe process (the catalog's change counter, polled
 * every few seconds). Both run in the background and never while the window's own work runs. Knows no
 * {@code Node}.
 */
final class OutsideChanges {

    /** The window's model, as far as these checks need it. */
    interface Host {
        /** The open dataset, or null. */
        OpenedDataset dataset();

        /** Whether the window's own long work runs (the checks wait for it). */
        boolean busy();

        /** The rescan's report, before any refresh. */
        void scanned(ScanReport report);

        /** A rescan may change the catalog: what was read before it must not be used. */
        void discardPreloaded();

        void refresh();

        void say(String message);
    }

    private final TaskExecutor executor;
    private final Host host;
    /** The catalog's change counter when the window last read it (other processes' commits move it on). */
    private long seenDataVersion = -1;
    private boolean checking;

    OutsideChanges(TaskExecutor executor, Host host) {
        this.executor = executor;
        this.host = host;
    }

    /** A new dataset: its change counter is not known yet. */
    void clear() {
        seenDataVersion = -1;
    }

    /** Re-reads the dataset when another process changed its catalog since the last look. One query. */
    void check() {
        OpenedDataset ds = host.dataset();
        if (ds == null || host.busy() || checking) {
            return;
        }
        checking = true;
        BackgroundTask<Long> task = new BackgroundTask<>("Checking for changes", (listener, cancel) ->
                ds.catalog().dataVersion());
        task.onSuccess(version -> {
            checking = false;
            if (host.dataset() != ds) {
                return;
            }
            boolean changed = seenDataVersion >= 0 && version != seenDataVersion;
            seenDataVersion = version;
            if (changed) {
                rescan(true);
            }
        }).onFailure(e -> checking = false).onCancelled(() -> checking = false);
        executor.execute(task);
    }

    /**
     * Scans the dataset again (cheap when nothing changed; finishes a move another process left half done once
     * it holds the writer lock) and refreshes the grid when anything changed.
     */
    void rescan(boolean changedByAnotherLoupe) {
        OpenedDataset ds = host.dataset();
        if (ds == null || host.busy()) {
            return;
        }
        host.discardPreloaded();
        BackgroundTask<OpenedDataset.Refreshed> task = new BackgroundTask<>("Rescanning", (listener, cancel) ->
                ds.rescan(ProgressListener.NONE, cancel));
        task.onSuccess(refreshed -> {
            if (host.dataset() != ds) {
                return;
            }
            ScanReport result = refreshed.report();
            host.scanned(result);
            int changes = result.added().size() + result.removed().size() + result.renamed().size()
                    + result.modified().size();
            if (changes > 0) {
                host.say(String.format(Locale.ROOT, "Changed on disk by another program: %d added, %d removed, "
                        + "%d renamed, %d modified.", result.added().size(), result.removed().size(),
                        result.renamed().size(), result.modified().size()));
            } else if (changedByAnotherLoupe) {
                host.say("Another Loupe process changed this dataset; the grid shows its moves.");
            }
            if (!refreshed.recovered().isEmpty()) {
                host.say("Finished " + refreshed.recovered().size() + " move(s) interrupted when a Loupe stopped.");
            }
            if (changes > 0 || changedByAnotherLoupe || !refreshed.recovered().isEmpty()) {
                host.refresh();
            }
        }).onFailure(e -> host.say("Rescan failed: " + e.getMessage()));
        executor.execute(task);
    }
}
