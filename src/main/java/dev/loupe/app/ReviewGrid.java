package dev.loupe.app;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;

/**
 * The review grid: a virtualized grid of thumbnails (loaded off the JavaFX thread, newest request first,
 * bounded in memory), each tile with its verdict and the reviewer's decision; the focused tile outlined and
 * kept in view; one row per wheel notch; a thumbnail size the user sets.
 */
final class ReviewGrid {

    private static final int THUMB = 128;
    private static final int MIN_THUMB = 64;
    private static final int MAX_THUMB = 256;
    /** The thumbnail size in the grid (Ctrl + and Ctrl -, or the slider in the status bar). */
    private final javafx.beans.property.IntegerProperty thumbSize = new javafx.beans.property.SimpleIntegerProperty(THUMB);

    private final DatasetViewModel model;
    private final Runnable openLoupe;
    private final java.util.function.BooleanSupplier bandActive;
    private final GridView<ImageTile> grid;
    private final Map<String, Image> thumbnails = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
            // Bounded memory: ~35 screens of tiles to scroll back through (measured: 2,000 held 280 MB with the
            // software renderer's texture copies).
            return size() > 1000;
        }
    };


    ReviewGrid(DatasetViewModel model, Runnable openLoupe, java.util.function.BooleanSupplier bandActive) {
        this.model = model;
        this.openLoupe = openLoupe;
        this.bandActive = bandActive;
        grid = new GridView<>(model.images());
        grid.setId("grid");
        grid.cellWidthProperty().bind(thumbSize.add(16));
        grid.cellHeightProperty().bind(thumbSize.add(72));
        grid.setHorizontalCellSpacing(4);
        grid.setVerticalCellSpacing(4);
        grid.setCellFactory(g -> new TileCell());
        model.selection().addListener((javafx.collections.ListChangeListener<String>) c -> refreshCells());
        model.focusProperty().addListener((obs, old, now) -> refreshCells());
        // The focus is always on screen: after arrows, Page Down, a decision or an undo.
        model.focusProperty().addListener((obs, old, now) -> javafx.application.Platform.runLater(this::keepFocusInView));
        // One wheel notch scrolls one row (the default was a fifth of one).
        grid.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL, e -> {
            VirtualFlow<?> flow = flow();
            if (flow == null || e.getDeltaY() == 0) {
                return;
            }
            double notches = e.getDeltaY() / (e.getMultiplierY() > 0 ? e.getMultiplierY() : 40);
            flow.scrollPixels(-notches * rowPitch());
            e.consume();
        });
    }

    private void refreshCells() {
        // GridView re-renders visible cells when the items list is replaced; selection changes need a nudge.
        grid.lookupAll(".tile").forEach(n -> ((TileCell) n).restyle());
    }

    /**
     * The tile's thumbnail: from memory, else from the disk cache or made (both on a worker) and shown when
     * ready; a grey placeholder meanwhile.
     */
    private Image thumbnail(ImageTile tile, ImageView into) {
        Image known = thumbnails.get(tile.sha256());
        if (known != null) {
            return known;
        }
        dev.loupe.imaging.ThumbnailCache cache = model.thumbnailCache().orElse(null);
        if (cache == null) {
            return remember(tile.sha256(), new Image(tile.file().toUri().toString(), THUMB, THUMB, true, true, true));
        }
        // Even the disk cache is looked up on a worker: no file access on the JavaFX thread while scrolling.
        thumbnailWorkers.execute(() -> {
            if (!wanted.contains(tile.sha256())) {
                return; // scrolled away before its turn; made again if it comes back
            }
            cache.get(tile.sha256(), tile.file()).ifPresent(path -> javafx.application.Platform.runLater(() -> {
                Image image = remember(tile.sha256(), new Image(path.toUri().toString(), THUMB, THUMB, true, true, true));
                if (tile.sha256().equals(into.getUserData())) {
                    into.setImage(image);
                }
            }));
        });
        return null;
    }

    private Image remember(String sha256, Image image) {
        thumbnails.put(sha256, image);
        return image;
    }

    /** Tiles on screen now, by content hash: a thumbnail job whose tile was scrolled away is skipped. */
    private final java.util.Set<String> wanted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Two workers that take the newest request first: after a fling to the end of 100,000 images the tiles
     * in view load at once instead of after every tile scrolled past.
     */
    private final java.util.concurrent.ExecutorService thumbnailWorkers = new java.util.concurrent.ThreadPoolExecutor(
            2, 2, 0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingDeque<Runnable>() {
                @Override
                public boolean offer(Runnable r) {
                    return offerFirst(r);
                }
            }, r -> {
                Thread t = new Thread(r, "loupe-thumbnails");
                t.setDaemon(true);
                return t;
            });

    private final class TileCell extends GridCell<ImageTile> {
        private final ImageView view = new ImageView();
        private final Label name = new Label();
        private final Label verdict = new Label();
        /** The issue the judge sees (misclassified, outlier, …), on its own line so it is never cut off. */
        private final Label kind = new Label();
        /** The decision on this image, over its thumbnail: kept, or where it was moved. */
        private final Label badge = new Label();
        private final Region bar = new Region();
        private final VBox box;

        TileCell() {
            getStyleClass().add("tile");
            view.fitWidthProperty().bind(thumbSize);
            view.fitHeightProperty().bind(thumbSize);
            view.setPreserveRatio(true);
            StackPane picture = new StackPane(view, badge);
            StackPane.setAlignment(badge, Pos.TOP_LEFT);
            badge.setMouseTransparent(true);
            picture.prefWidthProperty().bind(thumbSize);
            picture.prefHeightProperty().bind(thumbSize);
            picture.setStyle("-fx-background-color: #eeeeee;");
            bar.setPrefHeight(4);
            bar.maxWidthProperty().bind(thumbSize);
            name.maxWidthProperty().bind(thumbSize);
            verdict.maxWidthProperty().bind(thumbSize);
            name.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
            verdict.setStyle("-fx-font-size: 10px;");
            name.setStyle("-fx-font-size: 10px;");
            kind.setStyle("-fx-font-size: 10px; -fx-text-fill: #b71c1c;");
            kind.maxWidthProperty().bind(thumbSize);
            box = new VBox(2, picture, bar, name, verdict, kind);
            box.getStyleClass().add("tile-box");
            box.setAlignment(Pos.TOP_CENTER);
            box.setPadding(new Insets(4));
            setOnMouseClicked(e -> {
                if (getItem() == null || !e.isStillSincePress()) {
                    return; // the end of a rubber band, not a click
                }
                SelectMode mode = e.isShiftDown() ? SelectMode.RANGE : e.isShortcutDown() ? SelectMode.TOGGLE
                        : SelectMode.REPLACE;
                model.select(getItem().path(), mode);
                if (e.getClickCount() == 2) {
                    openLoupe.run();
                }
                grid.requestFocus();
            });
            setOnDragDetected(e -> {
                if (getItem() == null || bandActive.getAsBoolean()) {
                    return;
                }
                if (!model.selection().contains(getItem().path())) {
                    model.select(getItem().path(), SelectMode.REPLACE);
                }
                Dragboard board = startDragAndDrop(TransferMode.MOVE);
                ClipboardContent content = new ClipboardContent();
                content.put(MainView.HASHES, String.join("\n", model.selectedTiles().stream().map(ImageTile::sha256).toList()));
                board.setContent(content);
                board.setDragView(view.getImage());
                e.consume();
            });
        }

        @Override
        protected void updateItem(ImageTile tile, boolean empty) {
            if (view.getUserData() instanceof String before) {
                wanted.remove(before);
                view.setUserData(null);
            }
            super.updateItem(tile, empty);
            if (empty || tile == null) {
                setGraphic(null);
                getProperties().remove(MainView.TILE_NAME);
                return;
            }
            // Not an id: JavaFX's CSS cache keeps an entry per distinct id, which grew by one per tile scrolled
            // past (a gigabyte over 100,000 images).
            getProperties().put(MainView.TILE_NAME, tile.name());
            view.setUserData(tile.sha256());
            wanted.add(tile.sha256());
            view.setImage(thumbnail(tile, view));
            name.setText(tile.label() + "/" + tile.name());
            name.setTooltip(new javafx.scene.control.Tooltip(tile.path()));
            badge.setVisible(tile.reviewed());
            if (tile.reviewed()) {
                boolean kept = dev.loupe.issues.ReviewLog.KEPT.equals(tile.decision());
                badge.setText(kept ? "✓ kept" : "→ " + tile.label());
                badge.setStyle("-fx-background-color: " + (kept ? "#2e7d32" : "#1565c0")
                        + "; -fx-text-fill: white; -fx-font-weight: bold; -fx-padding: 2 6 2 6;");
            }
            // In a scored dataset, an image the judge has not seen yet (added or changed since) says so.
            kind.setText(tile.suspect() ? tile.kind().code().replace('-', ' ')
                    : tile.predicted() == null && model.scoredProperty().get() && !tile.label().startsWith("_")
                    ? "not scored yet" : "");
            if (tile.predicted() == null) {
                verdict.setText(tile.width() + "×" + tile.height());
                bar.setStyle("-fx-background-color: transparent;");
            } else {
                java.util.OptionalDouble like = model.similarityOf(tile);
                java.util.Optional<String> cluster = model.queueCaption(tile);
                verdict.setText(like.isPresent() ? String.format(Locale.ROOT, "similar %.2f · %s %.0f%%",
                        like.getAsDouble(), tile.predicted(), 100 * tile.confidence())
                        : cluster.isPresent() ? cluster.get()
                        : String.format(Locale.ROOT, "model: %s %.0f%%", tile.predicted(), 100 * tile.confidence()));
                String colour = tile.suspect() ? "#d9534f" : "#5cb85c";
                bar.maxWidthProperty().bind(thumbSize.multiply(Math.max(0.05, tile.confidence())));
                bar.setStyle("-fx-background-color: " + colour + ";");
            }
            setGraphic(box);
            restyle();
        }

        void restyle() {
            ImageTile tile = getItem();
            boolean selected = tile != null && model.selection().contains(tile.path());
            boolean focused = tile != null && getIndex() == model.focusProperty().get();
            String fill = selected ? "-fx-background-color: #cfe3ff; " : "";
            String border = focused ? "-fx-border-color: #e65100; -fx-border-width: 3;"
                    : selected ? "-fx-border-color: #2a6edb; -fx-border-width: 3;"
                    : "-fx-border-color: transparent; -fx-border-width: 3;";
            box.setStyle(fill + border);
            box.setOpacity(tile != null && tile.reviewed() && !selected ? 0.6 : 1.0);
        }
    }

    /** The thumbnail size in pixels (the status bar's slider). */
    javafx.beans.property.IntegerProperty thumbSizeProperty() {
        return thumbSize;
    }

    static int minThumb() {
        return MIN_THUMB;
    }

    static int maxThumb() {
        return MAX_THUMB;
    }

    GridView<ImageTile> view() {
        return grid;
    }

    /** Larger thumbnails (Ctrl +). */
    void larger() {
        thumbSize.set(Math.min(MAX_THUMB, thumbSize.get() + 32));
    }

    /** Smaller thumbnails (Ctrl -). */
    void smaller() {
        thumbSize.set(Math.max(MIN_THUMB, thumbSize.get() - 32));
    }

    int columns() {
        double width = grid.getWidth() - 20;
        return Math.max(1, (int) (width / (grid.getCellWidth() + 2 * grid.getHorizontalCellSpacing())));
    }

    /** Rows of tiles that fit in the grid's height: what Page Down moves by. */
    int visibleRows() {
        return Math.max(1, (int) (grid.getHeight() / rowPitch()));
    }

    private double rowPitch() {
        return grid.getCellHeight() + 2 * grid.getVerticalCellSpacing();
    }

    private VirtualFlow<?> flow() {
        return grid.lookup(".virtual-flow") instanceof VirtualFlow<?> f ? f : null;
    }

    /** Scrolls the grid as little as needed to show the focused tile (after keys, moves, undo). */
    private void keepFocusInView() {
        int index = model.focusProperty().get();
        VirtualFlow<?> flow = flow();
        if (index < 0 || flow == null) {
            return;
        }
        flow.scrollTo(index / columns());
    }
}
