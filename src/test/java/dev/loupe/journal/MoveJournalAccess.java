package dev.loupe.journal;

import dev.loupe.dataset.Catalog;
import java.util.List;

/** For tests in other packages: journal a move without carrying it out, as a kill right after planning would. */
public final class MoveJournalAccess {

    private final MoveJournal journal;

    public MoveJournalAccess(Catalog catalog) {
        this.journal = new MoveJournal(catalog);
    }

    public long plan(List<String> paths, String label) {
        return journal.planMove(paths, label, MoveReason.manual()).op();
    }
}
