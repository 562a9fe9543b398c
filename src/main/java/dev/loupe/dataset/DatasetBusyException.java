package dev.loupe.dataset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Another process (or another task of this one) is changing the dataset and did not finish in time. */
public final class DatasetBusyException extends DatasetException {

    private static final long serialVersionUID = 1L;

    DatasetBusyException(Path dataset, WriterLock.Owner owner, Duration waited) {
        super(message(dataset, owner, waited));
    }

    private static String message(Path dataset, WriterLock.Owner owner, Duration waited) {
        String who;
        if (owner == null) {
            who = "another Loupe process";
        } else if (owner.pid() == ProcessHandle.current().pid()) {
            who = "another task of this Loupe (" + owner.command() + ", since " + owner.sinceText() + ")";
        } else {
            who = "another Loupe process: " + owner.describe();
        }
        return String.format(Locale.ROOT, "%s is being changed by %s. Loupe lets one process change a dataset at a "
                + "time; waited %.0f s. Try again when it has finished.", dataset, who, waited.toMillis() / 1000.0);
    }
}
