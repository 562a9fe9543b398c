package dev.loupe.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The grid's selection and focus: which tiles are chosen (by path) and which one the keyboard is on, over the
 * tiles the grid shows. Clicks, bands and keys change it; after a decision the focus goes to the next
 * undecided tile ({@link ReviewPass}). Knows no {@code Node}.
 */
final class GridSelection {

    private final ObservableList<ImageTile> shown;
    private final ObservableList<String> selection = FXCollections.observableArrayList();
    private final ObservableList<String> selectionView = FXCollections.unmodifiableObservableList(selection);
    private final ReadOnlyIntegerWrapper focus = new ReadOnlyIntegerWrapper(-1);

    /** A selection over {@code shown}, the tiles in grid order (read, never changed here). */
    GridSelection(ObservableList<ImageTile> shown) {
        this.shown = shown;
    }

    ObservableList<String> paths() {
        return selectionView;
    }

    ReadOnlyIntegerProperty focusProperty() {
        return focus.getReadOnlyProperty();
    }

    int focusIndex() {
        return focus.get();
    }

    void clear() {
        selection.clear();
    }

    /** A click: replaces the selection, toggles one tile (Ctrl) or extends a range from the focus (Shift). */
    void select(String path, SelectMode mode) {
        int index = indexOf(path);
        if (index < 0) {
            return;
        }
        switch (mode) {
            case REPLACE -> selection.setAll(path);
            case TOGGLE -> {
                if (!selection.remove(path)) {
                    selection.add(path);
                }
            }
            case RANGE -> {
                int anchor = Math.max(0, focus.get());
                Set<String> range = new LinkedHashSet<>(selection);
                for (int i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
                    range.add(shown.get(i).path());
                }
                selection.setAll(range);
            }
        }
        focus.set(index);
    }

    void selectAll() {
        selection.setAll(shown.stream().map(ImageTile::path).toList());
    }

    /**
     * Rubber-band selection: the tiles under the band, added to {@code kept} (the selection when the band
     * started, with Ctrl held; empty otherwise), in grid order. Paths no longer shown are ignored; the focus
     * goes to the first tile under the band.
     */
    void selectBand(Collection<String> kept, Collection<String> banded) {
        Set<String> wanted = new HashSet<>(kept);
        wanted.addAll(banded);
        Set<String> under = new HashSet<>(banded);
        List<String> chosen = new ArrayList<>();
        int first = -1;
        for (int i = 0; i < shown.size(); i++) {
            String path = shown.get(i).path();
            if (wanted.contains(path)) {
                chosen.add(path);
                if (first < 0 && under.contains(path)) {
                    first = i;
                }
            }
        }
        if (!chosen.equals(selection)) {
            selection.setAll(chosen);
        }
        if (first >= 0) {
            focus.set(first);
        }
    }

    /** Moves the focus by {@code delta} tiles and selects the tile there. */
    void moveFocus(int delta) {
        if (!shown.isEmpty()) {
            focusAt(Math.max(0, Math.min(shown.size() - 1, focus.get() + delta)));
        }
    }

    /** The focus on tile {@code index} (clamped), which alone is selected; nothing when the grid is empty. */
    void focusAt(int index) {
        if (shown.isEmpty()) {
            focus.set(-1);
            selection.clear();
            return;
        }
        int i = Math.max(0, Math.min(shown.size() - 1, index));
        focus.set(i);
        selection.setAll(shown.get(i).path());
    }

    /** After a decision: the focus on the next undecided tile after {@code decidedSha}'s place. */
    void focusNextUndecided(String decidedSha) {
        int at = -1;
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).sha256().equals(decidedSha)) {
                at = i;
            }
        }
        if (at < 0) {
            at = Math.max(-1, focus.get() - 1);
        }
        focusAt(ReviewPass.nextUndecided(shown, at));
    }

    /** The focus on the first of these images (by content) and all of them selected. */
    void focusOn(Collection<String> hashes) {
        Set<String> wanted = new HashSet<>(hashes);
        List<String> paths = shown.stream().filter(t -> wanted.contains(t.sha256())).map(ImageTile::path).toList();
        if (!paths.isEmpty()) {
            focus.set(indexOf(paths.get(0)));
            selection.setAll(paths);
        }
    }

    /** After the grid changed: the selection keeps only tiles still shown, the focus stays on the grid. */
    void retainShown() {
        Set<String> paths = new HashSet<>();
        shown.forEach(t -> paths.add(t.path()));
        List<String> keep = selection.stream().filter(paths::contains).toList();
        selection.setAll(keep);
        if (focus.get() >= shown.size()) {
            focus.set(shown.size() - 1);
        }
    }

    /** Puts back a selection and focus taken before the grid was rebuilt (paths no longer shown drop out). */
    void restore(List<String> selected, int focusIndex) {
        selection.setAll(selected.stream().filter(p -> indexOf(p) >= 0).toList());
        focus.set(Math.min(focusIndex, shown.size() - 1));
    }

    /** The selected tiles, in grid order. */
    List<ImageTile> selectedTiles() {
        List<ImageTile> out = new ArrayList<>();
        Set<String> selected = new HashSet<>(selection); // a list lookup per tile is quadratic at 100k
        for (ImageTile t : shown) {
            if (selected.contains(t.path())) {
                out.add(t);
            }
        }
        return out;
    }

    Optional<ImageTile> focused() {
        int i = focus.get();
        return i >= 0 && i < shown.size() ? Optional.of(shown.get(i)) : Optional.empty();
    }

    int size() {
        return selection.size();
    }

    private int indexOf(String path) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }
}
