package dev.loupe.app;

import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.util.function.Consumer;

/**
 * A piece of long work for the UI: what to run off the JavaFX thread, and what to do with its result,
 * its failure and its progress on the JavaFX thread. A {@link TaskExecutor} runs it.
 */
public final class BackgroundTask<T> {

    /** The work itself; it reports progress and polls the token. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ProgressListener progress, CancellationToken cancel) throws Exception;
    }

    /**
     * A progress report delivered on the UI thread; {@code fraction} is -1 when unknown, {@code done} and
     * {@code total} are the counts behind it (total -1 when unknown).
     */
    public record Progress(double fraction, long done, long total, String message) {
    }

    private final String title;
    private final Work<T> work;
    private final CancellationToken token = new CancellationToken();
    private Consumer<T> onSuccess = result -> { };
    private Consumer<Throwable> onFailure = error -> { };
    private Runnable onCancelled = () -> { };
    private Consumer<Progress> onProgress = progress -> { };

    public BackgroundTask(String title, Work<T> work) {
        this.title = title;
        this.work = work;
    }

    public BackgroundTask<T> onSuccess(Consumer<T> handler) {
        this.onSuccess = handler;
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<Throwable> handler) {
        this.onFailure = handler;
        return this;
    }

    public BackgroundTask<T> onCancelled(Runnable handler) {
        this.onCancelled = handler;
        return this;
    }

    public BackgroundTask<T> onProgress(Consumer<Progress> handler) {
        this.onProgress = handler;
        return this;
    }

    public String title() {
        return title;
    }

    public Work<T> work() {
        return work;
    }

    public CancellationToken token() {
        return token;
    }

    /** Asks the work to stop at its next check. */
    public void cancel() {
        token.cancel();
    }

    void succeeded(T result) {
        onSuccess.accept(result);
    }

    void failed(Throwable error) {
        onFailure.accept(error);
    }

    void cancelled() {
        onCancelled.run();
    }

    void progressed(Progress progress) {
        onProgress.accept(progress);
    }
}
