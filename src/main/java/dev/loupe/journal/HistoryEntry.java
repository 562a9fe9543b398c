package dev.loupe.journal;

import java.time.Instant;
import java.util.List;

/**
 * One action in the journal, for {@code loupe history}.
 *
 * @param kind   {@code move}, {@code undo} or {@code redo}
 * @param status for moves: {@code applied}, {@code undone}, {@code failed} (no file could
 *               move) or {@code discarded} (undone, then replaced by a newer move so it can no longer be redone); for undo and redo: {@code done}
 */
public record HistoryEntry(long id, String kind, String status, Instant at, String user, String reason,
                           List<MoveResult.Moved> moves, List<MoveResult.Failed> failures) {
}
