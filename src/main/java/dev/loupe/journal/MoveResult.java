package dev.loupe.journal;

import java.util.List;

/**
 * What one user action (a move of one or more files, an undo, a redo) did.
 *
 * @param operation journal id of the action
 * @param moved     files now at their new place
 * @param failed    files left where they were, with the reason
 */
public record MoveResult(long operation, List<Moved> moved, List<Failed> failed) {

    public record Moved(String from, String to) {
    }

    public record Failed(String path, String reason) {
    }

    public boolean ok() {
        return failed.isEmpty();
    }
}
