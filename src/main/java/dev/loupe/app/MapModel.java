package dev.loupe.app;

import dev.loupe.issues.FeatureMap;
import dev.loupe.journal.OpenedDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Map tab's state: every image as a point of the judge's feature map ({@link FeatureMap}), coloured by the
 * folder it is filed in, suspects ringed; the viewport (pan and zoom) and what a pointer, a click or a lasso at
 * a screen position means. The projection is computed once per judge (moves change colours, not positions).
 * Knows no {@code Node}: the view draws {@link #render} into its pixels and passes mouse positions in.
 */
final class MapModel {

    /** What the map needs from the review window's model. */
    interface Host extends JudgedImages {
        /** Class names in sidebar order (the folders first, then the buckets). */
        List<String> classOrder();

        /** Catalog paths of the images selected in the grid. */
        Set<String> selectedPaths();

        /** Whether long work is under way (the map waits for it: one task at a time). */
        boolean busy();

        /** Runs long work with progress and Cancel in the status bar; {@code otherwise} if it fails or is cancelled. */
        <T> void run(BackgroundTask<T> task, java.util.function.Consumer<T> onSuccess, Runnable otherwise);

        /** The grid shows {@code picked} (added to those picked before, with {@code add}), all selected. */
        void pick(List<ImageTile> picked, boolean add);

        /** Selects and focuses {@code tile} in the grid, showing it first if the grid's filters hid it. */
        void focus(ImageTile tile);
    }

    /** How the features are laid out on the map. */
    enum Layout {
        COMPONENTS("Principal components (fast)"), NEIGHBOURS("Neighbours (UMAP-style; slower)");

        private final String title;

        Layout(String title) {
            this.title = title;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    /** A class on the legend: its colour and how many points it has. */
    record LegendEntry(String name, int argb, int count) {
    }

    /** Distinct colours for up to ten classes (then they repeat); buckets are grey. */
    static final int[] PALETTE = {0xFF1F77B4, 0xFFFF7F0E, 0xFF2CA02C, 0xFFD62728, 0xFF9467BD, 0xFF8C564B,
        0xFFE377C2, 0xFF17BECF, 0xFFBCBD22, 0xFF7F7F7F};
    static final int BUCKET = 0xFFB0B0B0;
    /** How far (screen pixels) from a point the pointer may be and still be over it. */
    static final double HIT_RADIUS = 6;

    private final Host host;
    private final ReadOnlyIntegerWrapper version = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("Score the dataset to see its map.");
    private final javafx.beans.property.ObjectProperty<Layout> layoutKind =
            new javafx.beans.property.SimpleObjectProperty<>(Layout.COMPONENTS);
    private boolean active;
    private FeatureMap.Layout layout;
    private String layoutKey;
    private OpenedDataset layoutDataset;
    private boolean computing;
    // One point per image with features (exact copies share a position).
    private ImageTile[] tiles = new ImageTile[0];
    private float[] x = new float[0];
    private float[] y = new float[0];
    private int[] colour = new int[0];
    private List<LegendEntry> legend = List.of();
    // The viewport: the data point at the centre of the screen and screen pixels per data unit.
    private double width = 1;
    private double height = 1;
    private double centreX;
    private double centreY;
    private double scale = 1;
    private double fitScale = 1;

    MapModel(Host host) {
        this.host = host;
        layoutKind.addListener((obs, old, now) -> refresh());
    }

    /** Which layout the map shows; changing it lays the map out again (in the background). */
    javafx.beans.property.ObjectProperty<Layout> layoutProperty() {
        return layoutKind;
    }

    /** Changes whenever the picture changes (points, colours, viewport, selection): the view repaints. */
    ReadOnlyIntegerProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** Why the map is empty, or what it is doing; empty while it shows points. */
    ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Whether the Map tab is showing (nothing is drawn while it is not). */
    boolean active() {
        return active;
    }

    /** Whether the Map tab is showing: the projection is computed only when it is. */
    void setActive(boolean active) {
        this.active = active;
        if (active) {
            refresh();
            changed(); // drawn now: nothing was drawn while the tab was hidden
        }
    }

    /** Forgets the map (another dataset was opened). */
    void clear() {
        layout = null;
        layoutKey = null;
        layoutDataset = null;
        setPoints(List.of());
        notice.set("Score the dataset to see its map.");
    }

    /**
     * Brings the map up to date with the grid's images: recoloured after moves; projected afresh (in the
     * background) when the judge's features changed.
     */
    void refresh() {
        OpenedDataset ds = host.dataset();
        String fingerprint = host.fingerprint();
        if (ds == null || fingerprint == null) {
            clear();
            return;
        }
        Layout kind = layoutKind.get();
        String key = fingerprint + "|" + kind;
        if (layout != null && key.equals(layoutKey) && ds == layoutDataset) {
            if (active) {
                setPoints(host.tiles()); // recoloured when the tab shows, not after every move behind it
            }
            return;
        }
        if (!active || computing || host.busy()) {
            return; // refreshed again when the Map tab shows, or after the work under way
        }
        computing = true;
        notice.set("Drawing the map…");
        host.run(new BackgroundTask<>("Drawing the map", (listener, cancel) -> {
            try (dev.loupe.features.FeatureCache cache = dev.loupe.features.FeatureCache.open(ds.layout())) {
                Map<String, float[]> vectors = cache.vectors(fingerprint);
                return kind == Layout.COMPONENTS ? FeatureMap.principalComponents(vectors)
                        : FeatureMap.neighbours(vectors, 42, listener, cancel);
            }
        }), result -> {
            computing = false;
            if (host.dataset() != ds || !fingerprint.equals(host.fingerprint()) || kind != layoutKind.get()) {
                refresh();
                return;
            }
            show(result, key, ds);
        }, () -> {
            computing = false;
            notice.set("The map was not drawn. Switch tabs and back to try again.");
        });
    }

    /** Shows {@code result}, the projection of the features cached under {@code key} in {@code ds}, fitted. */
    void show(FeatureMap.Layout result, String key, OpenedDataset ds) {
        layout = result;
        layoutKey = key;
        layoutDataset = ds;
        setPoints(host.tiles());
        fit();
    }

    private void setPoints(List<ImageTile> all) {
        Map<String, Integer> at = new HashMap<>();
        if (layout != null) {
            for (int i = 0; i < layout.size(); i++) {
                at.put(layout.shas().get(i), i);
            }
        }
        List<String> order = host.classOrder();
        Map<String, Integer> counts = new LinkedHashMap<>();
        order.forEach(c -> counts.put(c, 0));
        List<ImageTile> kept = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (ImageTile t : all) {
            Integer row = at.get(t.sha256());
            if (row != null) {
                kept.add(t);
                rows.add(row);
                counts.merge(t.label(), 1, Integer::sum);
            }
        }
        int n = kept.size();
        tiles = kept.toArray(ImageTile[]::new);
        x = new float[n];
        y = new float[n];
        colour = new int[n];
        Map<String, Integer> colours = new HashMap<>();
        int next = 0;
        List<LegendEntry> entries = new ArrayList<>();
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            int argb = c.getKey().startsWith("_") ? BUCKET : PALETTE[next++ % PALETTE.length];
            colours.put(c.getKey(), argb);
            entries.add(new LegendEntry(c.getKey(), argb, c.getValue()));
        }
        for (int i = 0; i < n; i++) {
            int row = rows.get(i);
            x[i] = layout.x()[row];
            y[i] = layout.y()[row];
            colour[i] = colours.getOrDefault(tiles[i].label(), BUCKET);
        }
        legend = List.copyOf(entries);
        if (n > 0) {
            notice.set("");
        } else if (layout != null) {
            notice.set("No image of this dataset has features from the current judge: score it again.");
        }
        changed();
    }

    /** The classes with their colours and point counts, in sidebar order. */
    List<LegendEntry> legend() {
        return legend;
    }

    /** How many points the map shows. */
    int size() {
        return tiles.length;
    }

    /** The image of point {@code i}. */
    ImageTile tile(int i) {
        return tiles[i];
    }

    // ------------------------------------------------------------------ viewport

    /** The view's size in pixels; the first size fits the map to it. */
    void resize(double w, double h) {
        boolean first = width <= 1 || height <= 1;
        width = Math.max(1, w);
        height = Math.max(1, h);
        if (first) {
            fit();
        } else {
            changed();
        }
    }

    /** Shows the whole map (all but the farthest outliers), centred. The F and Home keys. */
    void fit() {
        if (layout == null) {
            changed();
            return;
        }
        double spanX = layout.maxX() - layout.minX();
        double spanY = layout.maxY() - layout.minY();
        double margin = 24;
        fitScale = Math.max(1e-9, Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY));
        scale = fitScale;
        centreX = (layout.minX() + layout.maxX()) / 2;
        centreY = (layout.minY() + layout.maxY()) / 2;
        changed();
    }

    /** Moves the picture by {@code dx}, {@code dy} screen pixels (a drag). */
    void panBy(double dx, double dy) {
        centreX -= dx / scale;
        centreY += dy / scale;
        changed();
    }

    /** Zooms by {@code factor} keeping the data point under ({@code sx}, {@code sy}) where it is. */
    void zoomAt(double factor, double sx, double sy) {
        double dataX = dataX(sx);
        double dataY = dataY(sy);
        scale = Math.max(fitScale / 4, Math.min(fitScale * 4000, scale * factor));
        centreX = dataX - (sx - width / 2) / scale;
        centreY = dataY + (sy - height / 2) / scale;
        changed();
    }

    /** How far in from the whole map the view is zoomed (1 = fitted). */
    double zoom() {
        return scale / fitScale;
    }

    double screenX(int i) {
        return (x[i] - centreX) * scale + width / 2;
    }

    double screenY(int i) {
        return height / 2 - (y[i] - centreY) * scale;
    }

    private double dataX(double sx) {
        return centreX + (sx - width / 2) / scale;
    }

    private double dataY(double sy) {
        return centreY - (sy - height / 2) / scale;
    }

    // ------------------------------------------------------------------ pointing

    /** The point nearest to a screen position, within {@link #HIT_RADIUS} pixels, or -1. */
    int pointAt(double sx, double sy) {
        int best = -1;
        double bestDistance = HIT_RADIUS * HIT_RADIUS;
        for (int i = 0; i < tiles.length; i++) {
            double dx = screenX(i) - sx;
            double dy = screenY(i) - sy;
            double d = dx * dx + dy * dy;
            if (d <= bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    /** The points inside a closed polygon of screen positions (even-odd rule). */
    List<ImageTile> inside(double[] px, double[] py) {
        List<ImageTile> found = new ArrayList<>();
        if (px.length < 3) {
            return found;
        }
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int k = 0; k < px.length; k++) {
            minX = Math.min(minX, px[k]);
            maxX = Math.max(maxX, px[k]);
            minY = Math.min(minY, py[k]);
            maxY = Math.max(maxY, py[k]);
        }
        for (int i = 0; i < tiles.length; i++) {
            double sx = screenX(i);
            double sy = screenY(i);
            if (sx < minX || sx > maxX || sy < minY || sy > maxY) {
                continue;
            }
            boolean in = false;
            for (int a = 0, b = px.length - 1; a < px.length; b = a++) {
                if ((py[a] > sy) != (py[b] > sy) && sx < (px[b] - px[a]) * (sy - py[a]) / (py[b] - py[a]) + px[a]) {
                    in = !in;
                }
            }
            if (in) {
                found.add(tiles[i]);
            }
        }
        return found;
    }

    /**
     * A lasso drawn on the map: the grid shows the images inside it, all selected, so that every decision key
     * acts on them (one undo); with {@code add}, they join those picked before. Returns how many were inside.
     */
    int lasso(double[] px, double[] py, boolean add) {
        List<ImageTile> picked = inside(px, py);
        if (!picked.isEmpty() || !add) {
            host.pick(picked, add);
        }
        return picked.size();
    }

    /** A click on the map: the image under the pointer is selected and focused in the grid. */
    boolean click(double sx, double sy) {
        int i = pointAt(sx, sy);
        if (i < 0) {
            return false;
        }
        host.focus(tiles[i]);
        return true;
    }

    /** The grid's selection changed: selected points are drawn with a ring. */
    void selectionChanged() {
        changed();
    }

    /**
     * Draws the map into {@code argb} ({@code w} by {@code h} pixels, row after row) with {@link MapRaster}: every
     * point in its folder's colour, suspects not yet decided ringed, the selection ringed on top.
     */
    void render(int[] argb, int w, int h) {
        int n = tiles.length;
        double[] sx = new double[n];
        double[] sy = new double[n];
        byte[] layer = new byte[n];
        Set<String> selected = host.selectedPaths();
        for (int i = 0; i < n; i++) {
            sx[i] = screenX(i);
            sy[i] = screenY(i);
            layer[i] = !selected.isEmpty() && selected.contains(tiles[i].path()) ? MapRaster.SELECTED
                    : tiles[i].suspect() && !tiles[i].reviewed() ? MapRaster.SUSPECT : MapRaster.PLAIN;
        }
        MapRaster.draw(argb, w, h, sx, sy, colour, layer, dotRadius());
    }

    /** Half the side of a dot, less its centre: 5x5 pixels for up to 5,000 points, else 3x3; larger zoomed in. */
    int dotRadius() {
        return (tiles.length <= 5000 ? 2 : 1) + (zoom() >= 8 ? 1 : 0);
    }

    private void changed() {
        version.set(version.get() + 1);
    }
}
