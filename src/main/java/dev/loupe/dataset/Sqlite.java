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
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
