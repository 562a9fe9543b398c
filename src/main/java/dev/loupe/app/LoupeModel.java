package dev.loupe.app;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The loupe: the focused image large, inside the window, or two to four selected images side by side with
 * one zoom for all (compare). Its images follow the review's focus, so next/previous and every decision key
 * work in it as in the grid; closing it leaves the focus where it was. Knows no {@code Node}.
 */
final class LoupeModel {

    /** Zoom 0 means "fit the view"; otherwise screen pixels per image pixel (1 = 1:1). */
    static final double FIT = 0;
    static final double MIN_ZOOM = 0.05;
    static final double MAX_ZOOM = 16;

    private final DatasetViewModel review;
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper comparing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(FIT);
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
    private final ObservableList<ImageTile> shown = FXCollections.observableArrayList();
    private final ObservableList<ImageTile> shownView = FXCollections.unmodifiableObservableList(shown);

    LoupeModel(DatasetViewModel review) {
        this.review = review;
        review.focusProperty().addListener((obs, old, now) -> follow());
        review.images().addListener((javafx.collections.ListChangeListener<ImageTile>) c -> follow());
    }

    /** Opens the loupe on the focused image, or closes it. Enter. */
    void toggle() {
        if (open.get()) {
            close();
        } else if (review.focused().isPresent()) {
            comparing.set(false);
            open.set(true);
            zoom.set(FIT);
            follow();
        }
    }

    /** Shows the two to four selected images side by side. C. */
    boolean compare() {
        int n = review.selection().size();
        if (n < 2 || n > 4) {
            caption.set("Compare: select two to four images first (Ctrl+click), then press C.");
            return false;
        }
        comparing.set(true);
        open.set(true);
        zoom.set(FIT);
        follow();
        return true;
    }

    /** Back to the grid, the focus unchanged. Esc. */
    void close() {
        open.set(false);
        comparing.set(false);
        shown.clear();
    }

    /** Between fitting the view and 1:1. Z. */
    void toggleActualSize() {
        zoom.set(zoom.get() == 1.0 ? FIT : 1.0);
    }

    /**
     * Zooms by {@code factor} from {@code current} (the zoom on screen now, which is what "fit" works out to),
     * within {@link #MIN_ZOOM} and {@link #MAX_ZOOM}.
     */
    void zoomBy(double factor, double current) {
        zoom.set(Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, current * factor)));
    }

    /** Keeps the images shown in step with the review: the focused one, or the selection when comparing. */
    private void follow() {
        if (!open.get()) {
            return;
        }
        List<ImageTile> now;
        if (comparing.get()) {
            java.util.Set<String> selected = new java.util.HashSet<>(review.selection());
            now = review.images().stream().filter(t -> selected.contains(t.path())).limit(4).toList();
        } else {
            now = review.focused().map(List::of).orElse(List.of());
        }
        if (!now.equals(shown)) {
            shown.setAll(now);
        }
        if (shown.isEmpty()) {
            caption.set("Nothing to show: the queue is empty.");
            return;
        }
        int at = review.focusProperty().get();
        ImageTile t = shown.get(0);
        String verdict = t.predicted() == null ? "not scored" : String.format(Locale.ROOT, "model: %s %.0f%%%s",
                t.predicted(), 100 * t.confidence(), t.suspect() ? " · " + t.kind().code() : "");
        String decided = t.reviewed() ? (dev.loupe.issues.ReviewLog.KEPT.equals(t.decision()) ? " · kept"
                : " · moved to " + t.label()) : "";
        caption.set(comparing.get() ? "Comparing " + shown.size() + " images · one zoom for all"
                : String.format(Locale.ROOT, "%d of %d · %s · filed %s · %s%s", at + 1, review.images().size(), t.name(),
                t.label(), verdict, decided));
    }

    ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }

    boolean isOpen() {
        return open.get();
    }

    ReadOnlyBooleanProperty comparingProperty() {
        return comparing.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    /** The images on screen: the focused one, or the compared ones. */
    ObservableList<ImageTile> shown() {
        return shownView;
    }
}
