package dev.loupe.app;

import dev.loupe.dataset.DatasetException;
import dev.loupe.engine.EngineException;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's work in the background. Long work (opening, scoring, retraining, comparing, exporting) has one
 * status: a progress line (what, how far, how fast, how long is left), a progress bar and Cancel, until it
 * ends. Quick changes (a move, undo, redo) run beside it without touching that status, one at a time: a
 * decision made while one is in flight waits its turn, in order. Knows no {@code Node}.
 */
final class TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /** What the review does as work goes on and ends. */
    interface Outcome {
        /** Long work reported progress: collect what it produced meanwhile (training points, rows). */
        void progressed();

        /** Work failed; {@code text} is one sentence for the user. */
        void failed(String text, Throwable e, boolean quick);

        /** Long work was cancelled; {@code text} says what is kept. */
        void cancelled(String text);
    }

    private final TaskExecutor executor;
    private final Outcome outcome;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper taskText = new ReadOnlyStringWrapper("");
    private BackgroundTask<?> running;
    private boolean deciding;
    private final ArrayDeque<Runnable> queuedDecisions = new ArrayDeque<>();

    TaskRunner(TaskExecutor executor, Outcome outcome) {
        this.executor = executor;
        this.outcome = outcome;
    }

    /** Runs long work; {@code alsoOnFailure} hears the failure or cancellation too (e.g. a dialog). */
    <T> void run(BackgroundTask<T> task, Consumer<T> onSuccess, String cancelledMessage, Consumer<String> alsoOnFailure) {
        busy.set(true);
        progress.set(-1);
        taskText.set(task.title() + " …");
        long started = System.nanoTime();
        task.onProgress(p -> {
            outcome.progressed();
            progress.set(p.fraction());
            String what = p.message() != null && !p.message().isBlank() ? p.message() : task.title();
            taskText.set(ProgressText.of(what, p.done(), p.total(), java.time.Duration.ofNanos(System.nanoTime() - started)));
        }).onSuccess(result -> {
            finish();
            onSuccess.accept(result);
        }).onFailure(e -> {
            finish();
            String text = userMessage(task, e).replace("\n  ", "  ").replace('\n', ' ');
            outcome.failed(text, e, false);
            alsoOnFailure.accept(text);
        }).onCancelled(() -> {
            finish();
            String text = cancelledMessage == null ? task.title() + " cancelled." : cancelledMessage;
            outcome.cancelled(text);
            alsoOnFailure.accept(text);
        });
        running = task;
        executor.execute(task);
    }

    /** Runs a quick change beside long work; decisions queued meanwhile follow it in order. */
    <T> void runQuick(BackgroundTask<T> task, Consumer<T> onSuccess) {
        deciding = true;
        task.onSuccess(result -> {
            deciding = false;
            onSuccess.accept(result);
            nextDecision();
        }).onFailure(e -> {
            deciding = false;
            outcome.failed(userMessage(task, e), e, true);
            nextDecision();
        });
        executor.execute(task);
    }

    /** Runs a decision now, or after the quick change in flight (keys pressed faster than moves finish). */
    void decide(Runnable decision) {
        if (deciding) {
            queuedDecisions.add(decision);
        } else {
            decision.run();
        }
    }

    /** Whether a decision is still being carried out or waits its turn. */
    boolean decisionsPending() {
        return deciding || !queuedDecisions.isEmpty();
    }

    /** Cancels the long work in progress, if any. */
    void cancel() {
        if (running != null) {
            running.cancel();
        }
    }

    private void nextDecision() {
        Runnable next = queuedDecisions.poll();
        if (next != null) {
            next.run();
        }
    }

    private void finish() {
        outcome.progressed();
        running = null;
        busy.set(false);
        progress.set(0);
        taskText.set("");
    }

    /**
     * One short sentence for the user; an unexpected failure (a bug, not bad input) is also logged once, with
     * its stack trace, here where it is handled.
     */
    static String userMessage(BackgroundTask<?> task, Throwable e) {
        if (e instanceof DatasetException || e instanceof EngineException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        LOG.error("{} failed", task.title(), e);
        return task.title() + " failed unexpectedly (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); the log has the details.";
    }

    boolean busy() {
        return busy.get();
    }

    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    ReadOnlyStringProperty taskTextProperty() {
        return taskText.getReadOnlyProperty();
    }
}
