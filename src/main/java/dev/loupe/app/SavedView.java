package dev.loupe.app;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What the grid showed when a dataset was closed (queue, class, search, whether decided images show) and which
 * judge ranked it, kept in {@code .loupe/view.properties} so that reopening the dataset shows the same.
 *
 * @param className        the class the grid was limited to, empty for all
 * @param judgeFingerprint the feature-cache key of the large model that ranked the dataset, empty if none did
 */
record SavedView(Queue queue, String className, String search, boolean showReviewed, String judgeFingerprint,
                 String judgeName) {

    static final String FILE = "view.properties";

    /** The view saved in {@code stateDir}, or empty when there is none or it cannot be read (harmless). */
    static Optional<SavedView> read(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties view = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            view.load(r);
        } catch (IOException e) {
            return Optional.empty();
        }
        Queue queue;
        try {
            queue = Queue.valueOf(view.getProperty("queue", "ALL"));
        } catch (IllegalArgumentException e) {
            queue = Queue.ALL;
        }
        return Optional.of(new SavedView(queue, view.getProperty("class", ""), view.getProperty("search", ""),
                Boolean.parseBoolean(view.getProperty("showReviewed", "true")),
                view.getProperty("judge.fingerprint", ""), view.getProperty("judge.name", "")));
    }

    /** Writes the view into {@code stateDir}; losing it is harmless, so a failure is only logged. */
    void write(Path stateDir) {
        Properties view = new Properties();
        view.setProperty("queue", queue.name());
        view.setProperty("class", className);
        view.setProperty("search", search);
        view.setProperty("showReviewed", String.valueOf(showReviewed));
        if (!judgeFingerprint.isEmpty()) {
            view.setProperty("judge.fingerprint", judgeFingerprint);
            view.setProperty("judge.name", judgeName);
        }
        try (Writer w = Files.newBufferedWriter(stateDir.resolve(FILE))) {
            view.store(w, "Loupe's view of this dataset");
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(SavedView.class).warn("Could not save the view in {}", stateDir, e);
        }
    }
}
