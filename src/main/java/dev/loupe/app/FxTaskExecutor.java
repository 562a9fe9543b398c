package dev.loupe.app;

import dev.loupe.work.CancelledException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.concurrent.Task;

/**
 * Runs tasks on background threads as JavaFX {@link Task}s; results, failures and progress reach the
 * {@link BackgroundTask}'s handlers on the JavaFX thread (progress coalesced by JavaFX).
 */
public final class FxTaskExecutor implements TaskExecutor {

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loupe-background");
        t.setDaemon(true);
        return t;
    });

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        Task<T> fxTask = new Task<>() {
            @Override
            protected T call() throws Exception {
                return task.work().run((done, total, message) -> {
                    updateProgress(total > 0 ? done : -1, total > 0 ? total : 1);
                    updateMessage(message);
                }, task.token());
            }
        };
        Runnable report = () -> task.progressed(new BackgroundTask.Progress(fxTask.getProgress(),
                (long) fxTask.getWorkDone(), (long) fxTask.getTotalWork(), fxTask.getMessage()));
        fxTask.progressProperty().addListener((obs, old, now) -> report.run());
        fxTask.messageProperty().addListener((obs, old, now) -> report.run());
        fxTask.setOnSucceeded(e -> task.succeeded(fxTask.getValue()));
        fxTask.setOnFailed(e -> {
            if (fxTask.getException() instanceof CancelledException) {
                task.cancelled();
            } else {
                task.failed(fxTask.getException());
            }
        });
        pool.execute(fxTask);
    }

    @Override
    public void shutdown() {
        pool.shutdownNow();
    }
}
