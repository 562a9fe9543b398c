package dev.loupe.app;

import dev.loupe.work.CancelledException;

/** Runs each task to completion on the calling thread: deterministic view-model tests, no screen needed. */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        T result;
        try {
            result = task.work().run((done, total, message) -> task.progressed(
                    new BackgroundTask.Progress(total > 0 ? (double) done / total : -1, done, total, message)), task.token());
        } catch (CancelledException e) {
            task.cancelled();
            return;
        } catch (Exception e) {
            task.failed(e);
            return;
        }
        task.succeeded(result);
    }

    @Override
    public void shutdown() {
    }
}
