package dev.loupe.journal;

import dev.loupe.dataset.Catalog;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

/** The journal's tables in the dataset's database, and who planned each action (so recovery can tell). */
final class JournalSchema {

    private JournalSchema() {
    }

    /** Creates the journal's tables if they are missing, and adds what later versions record. */
    static void create(Catalog catalog) {
        catalog.transaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("""
                        CREATE TABLE IF NOT EXISTS journal_ops (
                          id INTEGER PRIMARY KEY AUTOINCREMENT,
                          kind TEXT NOT NULL,
                          target INTEGER,
                          status TEXT NOT NULL,
                          state TEXT NOT NULL,
                          at TEXT NOT NULL,
                          user TEXT NOT NULL,
                          reason_kind TEXT,
                          score REAL,
                          round INTEGER,
                          undo_seq INTEGER
                        )""");
                boolean hasOwner = false;
                try (ResultSet rs = st.executeQuery("PRAGMA table_info(journal_ops)")) {
                    while (rs.next()) {
                        hasOwner |= "owner".equals(rs.getString("name"));
                    }
                }
                if (!hasOwner) {
                    // Which process planned an action: recovery leaves alone what a live process is doing.
                    st.execute("ALTER TABLE journal_ops ADD COLUMN owner TEXT");
                }
                st.execute("""
                        CREATE TABLE IF NOT EXISTS journal_steps (
                          op INTEGER NOT NULL,
                          seq INTEGER NOT NULL,
                          from_path TEXT NOT NULL,
                          to_path TEXT NOT NULL,
                          sha256 TEXT,
                          state TEXT NOT NULL,
                          reason TEXT,
                          PRIMARY KEY (op, seq)
                        )""");
            }
        });
    }

    /** This process, as recorded with the actions it plans: pid and start time (pids are reused). */
    static String thisOwner() {
        ProcessHandle me = ProcessHandle.current();
        return me.pid() + "@" + me.info().startInstant().map(Instant::toString).orElse("?");
    }

    /** Whether the process that planned an action is another one, still running. */
    static boolean ownerAlive(String owner) {
        if (owner == null || owner.equals(thisOwner())) {
            return false;
        }
        int at = owner.indexOf('@');
        try {
            long pid = Long.parseLong(owner.substring(0, at));
            String started = owner.substring(at + 1);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(Instant::toString).orElse("?").equals(started))
                    .orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
