package dev.loupe.dataset;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;

/** Opening Loupe's SQLite files the same way everywhere, and running work in a transaction. */
public final class Sqlite {

    private Sqlite() {
    }

    /** Work against a connection that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    /**
     * Opens a database file in WAL mode: readers never block the writer, and a killed process loses no
     * committed transaction.
     */
    public static Connection open(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA busy_timeout=5000");
        }
        return connection;
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
    public static void inTransaction(Connection connection, Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                // SQLite already rolled back (as it does when the disk is full): the first error is the one to tell
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; the caller's error says why
            }
        }
    }

    /** Bytes of free space below which a failed write is put down to a full disk. */
    private static final long NEARLY_FULL = 8L << 20;

    /**
     * A database failure as a message a user can act on: a full disk (SQLite says "database or disk is full",
     * or, after rolling back by itself, "no transaction is active") is named as such.
     */
    public static DatasetException failure(String what, Path folder, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        long free = -1;
        try {
            free = java.nio.file.Files.getFileStore(folder).getUsableSpace();
        } catch (java.io.IOException | RuntimeException ignored) {
            // free space unknown
        }
        boolean full = e.getErrorCode() == 13 || message.contains("SQLITE_FULL") || message.contains("disk is full")
                || (free >= 0 && free < NEARLY_FULL);
        if (full) {
            return new DatasetException("The disk holding " + folder + " is full" + (free >= 0
                    ? String.format(java.util.Locale.ROOT, " (%.1f MB free)", free / 1e6) : "") + ": Loupe could not "
                    + "record the change. No image was lost; free some space and run the command again (a move "
                    + "that was under way is finished then).", e);
        }
        return new DatasetException(what + ": " + message, e);
    }
}
