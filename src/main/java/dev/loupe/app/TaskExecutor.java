package dev.loupe.app;

/** Runs {@link BackgroundTask}s; the app uses worker threads, view-model tests use the calling thread. */
public interface TaskExecutor {

    <T> void execute(BackgroundTask<T> task);

    /** Stops accepting work and cancels running work where possible. */
    void shutdown();
}
