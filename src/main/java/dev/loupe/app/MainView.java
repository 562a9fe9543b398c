package dev.loupe.app;

import dev.loupe.app.DatasetViewModel.ClassSummary;
import dev.loupe.app.DatasetViewModel.ImageTile;
import dev.loupe.app.DatasetViewModel.Queue;
import dev.loupe.app.DatasetViewModel.SelectMode;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.DirectoryChooser;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;

/** The review window's layout, bound to a {@link DatasetViewModel}; every action goes through the model. */
final class MainView {

    /** What a dragged tile carries: the content hashes of the dragged images (never the images). */
    static final DataFormat HASHES = new DataFormat("application/x-loupe-sha256");
    private static final int THUMB = 128;
    private static final int MIN_THUMB = 64;
    private static final int MAX_THUMB = 256;
    /** The thumbnail size in the grid (Ctrl + and Ctrl -, or the slider in the status bar). */
    private final javafx.beans.property.IntegerProperty thumbSize = new javafx.beans.property.SimpleIntegerProperty(THUMB);
    /** The key under which a grid cell keeps the file name of the tile it shows (for tests and tools). */
    static final String TILE_NAME = "loupe.tile";
    private static final String SHORTCUTS = """
            1 … 9          move the selection to class 1 … 9 (sidebar order)
            U              move to _unsure (a second look later)
            X              move to _excluded (kept on disk, never trained on)
            K, Space       keep the label (mark reviewed)
                           after each decision the focus goes to the next undecided image
            ← → ↑ ↓        move through the grid (the grid scrolls to follow)
            Page Up/Down   a screen up or down      Home, End   first, last
            R              re-sort the queue by the latest ranking (a new pass)
            Enter          the loupe: the image large, in the window
              Z            1:1 or fit     wheel: zoom     drag: pan
              ← →          previous, next (decision keys work here too)
              Esc          back to the grid, the focus where you left it
            C              compare 2-4 selected images side by side, one zoom for all
            Ctrl+ Ctrl-    larger or smaller thumbnails
            Ctrl+A         select everything shown
            Click, Shift+click, Ctrl+click   select one, a range, one more
            Drag on empty space   rubber band (Ctrl+drag adds to the selection;
                                  hold it at the top or bottom edge to scroll)
            Ctrl+Z         undo      Ctrl+Shift+Z   redo
            Drag tiles onto a class in the sidebar to move them.""";


    private final DatasetViewModel model;
    private final BorderPane root = new BorderPane();
    private final Map<String, Image> thumbnails = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
            // Bounded memory: ~35 screens of tiles to scroll back through (measured: 2,000 held 280 MB with the
            // software renderer's texture copies).
            return size() > 1000;
        }
    };
    private GridView<ImageTile> grid;
    private RubberBand rubberBand;
    private final LoupeModel loupe;
    private javafx.scene.control.TabPane tabs;

    MainView(DatasetViewModel model) {
        this.model = model;
        this.loupe = new LoupeModel(model);
        VBox top = new VBox(menuBar(), toolBar());
        root.setTop(top);
        root.setLeft(sidebar());
        rubberBand = new RubberBand(grid(), model);
        Label empty = new Label();
        empty.setId("emptyGrid");
        empty.textProperty().bind(model.emptyReasonProperty());
        empty.visibleProperty().bind(model.emptyReasonProperty().isNotEmpty());
        empty.setWrapText(true);
        empty.setMaxWidth(520);
        empty.setMouseTransparent(true);
        empty.setStyle("-fx-font-size: 14px; -fx-text-fill: #444444; -fx-background-color: #f4f4f4; -fx-padding: 16;");
        StackPane gridWithHint = new StackPane(rubberBand.node(), empty);
        VBox reviewPane = new VBox(judgeBanner(), gridWithHint);
        VBox.setVgrow(gridWithHint, Priority.ALWAYS);
        javafx.scene.control.Tab review = new javafx.scene.control.Tab("Review", reviewPane);
        review.setClosable(false);
        javafx.scene.control.Tab roundsTab = new javafx.scene.control.Tab("Rounds", new RoundsView(model).root());
        roundsTab.setClosable(false);
        roundsTab.setId("roundsTab");
        tabs = new javafx.scene.control.TabPane(review, roundsTab);
        tabs.setId("tabs");
        // The loupe opens over the grid, inside the window (Enter), and closes back onto it (Esc).
        root.setCenter(new StackPane(tabs, new LoupeView(loupe).node()));
        javafx.scene.Node details = details();
        root.setRight(details);
        // The image details belong to the Review tab; the Rounds tab gets the width for its tables.
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) ->
                root.setRight(now == review ? details : null));
        root.setBottom(statusBar());
        acceptFolderDrops();
    }

    Parent root() {
        return root;
    }

    /** Keys that act on the selection; installed on the scene so they work wherever the focus is. */
    void installShortcuts(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getTarget() instanceof TextField) {
                return;
            }
            if (tabs.getSelectionModel().getSelectedIndex() != 0 && !e.isShortcutDown()) {
                return; // review keys belong to the Review tab; the Rounds tab's tables keep their own keys
            }
            boolean handled = true;
            KeyCode code = e.getCode();
            if (e.isShortcutDown() && code == KeyCode.Z) {
                if (e.isShiftDown()) {
                    model.redo();
                } else {
                    model.undo();
                }
            } else if (e.isShortcutDown() && code == KeyCode.A) {
                model.selectAll();
            } else if (e.isShortcutDown() && (code == KeyCode.PLUS || code == KeyCode.EQUALS || code == KeyCode.ADD)) {
                thumbSize.set(Math.min(MAX_THUMB, thumbSize.get() + 32));
            } else if (e.isShortcutDown() && (code == KeyCode.MINUS || code == KeyCode.SUBTRACT)) {
                thumbSize.set(Math.max(MIN_THUMB, thumbSize.get() - 32));
            } else if (e.isShortcutDown() || e.isAltDown()) {
                handled = false;
            } else if (code.isDigitKey() && code != KeyCode.DIGIT0 && code != KeyCode.NUMPAD0) {
                int n = Integer.parseInt(code.getChar().isEmpty() ? code.getName().replaceAll("\\D", "") : code.getChar());
                List<String> classes = model.classes().stream().filter(c -> !c.bucket()).map(ClassSummary::name).toList();
                if (n <= classes.size()) {
                    model.moveSelection(classes.get(n - 1));
                }
            } else if (code == KeyCode.U) {
                model.moveSelection("_unsure");
            } else if (code == KeyCode.X) {
                model.moveSelection("_excluded");
            } else if (code == KeyCode.K || code == KeyCode.SPACE) {
                model.keepSelection();
            } else if (code == KeyCode.RIGHT) {
                model.moveFocus(1);
            } else if (code == KeyCode.LEFT) {
                model.moveFocus(-1);
            } else if (code == KeyCode.DOWN) {
                model.moveFocus(loupe.isOpen() ? 1 : columns());
            } else if (code == KeyCode.UP) {
                model.moveFocus(loupe.isOpen() ? -1 : -columns());
            } else if (code == KeyCode.PAGE_DOWN) {
                model.moveFocus(columns() * visibleRows());
            } else if (code == KeyCode.PAGE_UP) {
                model.moveFocus(-columns() * visibleRows());
            } else if (code == KeyCode.HOME) {
                model.moveFocus(-model.images().size());
            } else if (code == KeyCode.END) {
                model.moveFocus(model.images().size());
            } else if (code == KeyCode.R) {
                model.refreshQueue();
            } else if (code == KeyCode.ENTER) {
                loupe.toggle();
            } else if (code == KeyCode.Z && loupe.isOpen()) {
                loupe.toggleActualSize();
            } else if (code == KeyCode.C) {
                if (!loupe.compare()) {
                    model.say(loupe.captionProperty().get());
                }
            } else if (code == KeyCode.ESCAPE && loupe.isOpen()) {
                loupe.close();
            } else if ("?".equals(e.getText()) || code == KeyCode.F1) {
                showShortcuts();
            } else {
                handled = false;
            }
            if (handled) {
                e.consume();
            }
        });
    }

    private int columns() {
        double width = grid.getWidth() - 20;
        return Math.max(1, (int) (width / (grid.getCellWidth() + 2 * grid.getHorizontalCellSpacing())));
    }

    /** Rows of tiles that fit in the grid's height: what Page Down moves by. */
    private int visibleRows() {
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

    // ------------------------------------------------------------------ menus and toolbar

    private MenuBar menuBar() {
        MenuItem open = item("Open dataset…", "Shortcut+O", () -> chooseFolder());
        open.setId("openMenu");
        Menu recent = new Menu("Open recent");
        recent.setId("recentMenu");
        recent.setOnShowing(e -> recent.getItems().setAll(model.recentDatasets().stream().map(p -> {
            MenuItem entry = new MenuItem(p.toString());
            entry.setOnAction(a -> model.open(p));
            return entry;
        }).toList()));
        recent.getItems().add(new MenuItem("(none yet)"));
        MenuItem export = item("Export cleaned dataset…", "Shortcut+E", this::showExportDialog);
        export.setId("exportMenu");
        export.disableProperty().bind(model.busyProperty());
        MenuItem quit = item("Quit", "Shortcut+Q", () -> root.getScene().getWindow().hide());
        MenuItem undo = item("Undo", null, model::undo);
        undo.disableProperty().bind(model.canUndoProperty().not());
        MenuItem redo = item("Redo", null, model::redo);
        redo.disableProperty().bind(model.canRedoProperty().not());
        MenuItem score = item("Score dataset", "Shortcut+R", model::score);
        score.disableProperty().bind(model.busyProperty());
        MenuItem help = item("Keyboard shortcuts", null, this::showShortcuts);
        return new MenuBar(new Menu("File", null, open, recent, export, quit), new Menu("Edit", null, undo, redo),
                new Menu("Review", null, score), new Menu("Help", null, help));
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    private ToolBar toolBar() {
        Button score = new Button("Score");
        score.setId("scoreButton");
        score.setTooltip(new javafx.scene.control.Tooltip("Classify every image and rank likely label errors"));
        score.disableProperty().bind(model.busyProperty());
        score.setOnAction(e -> model.score());
        ComboBox<Queue> queue = new ComboBox<>();
        queue.setId("queueChoice");
        queue.getItems().setAll(Queue.values());
        queue.valueProperty().bindBidirectional(model.queueProperty());
        TextField search = new TextField();
        search.setId("search");
        search.setPromptText("Filter by file name");
        search.textProperty().bindBidirectional(model.searchProperty());
        CheckBox reviewed = new CheckBox("Show reviewed");
        reviewed.setId("showReviewed");
        reviewed.selectedProperty().bindBidirectional(model.showReviewedProperty());
        Button undo = new Button("Undo");
        undo.setId("undoButton");
        undo.disableProperty().bind(model.canUndoProperty().not());
        undo.setOnAction(e -> model.undo());
        Button redo = new Button("Redo");
        redo.disableProperty().bind(model.canRedoProperty().not());
        redo.setOnAction(e -> model.redo());
        ComboBox<DatasetViewModel.ClassPair> pairs = new ComboBox<>(model.pairs());
        pairs.setId("pairChoice");
        pairs.setPromptText("All class pairs");
        pairs.valueProperty().bindBidirectional(model.pairProperty());
        pairs.disableProperty().bind(model.scoredProperty().not());
        Button allPairs = new Button("×");
        allPairs.setTooltip(new javafx.scene.control.Tooltip("Show every class pair"));
        allPairs.setOnAction(e -> model.pairProperty().set(null));
        ComboBox<DatasetViewModel.Sort> sort = new ComboBox<>();
        sort.setId("sortChoice");
        sort.getItems().setAll(DatasetViewModel.Sort.values());
        sort.valueProperty().bindBidirectional(model.sortProperty());
        javafx.scene.control.Slider sure = new javafx.scene.control.Slider(0.0, 1.0, 1.0);
        sure.setId("confidenceSlider");
        sure.setPrefWidth(80);
        sure.valueProperty().bindBidirectional(model.confidenceAtMostProperty());
        sure.disableProperty().bind(model.scoredProperty().not());
        Label sureText = new Label();
        sureText.textProperty().bind(model.confidenceAtMostProperty().map(v -> String.format(Locale.ROOT,
                "≤ %.0f%% sure", 100 * v.doubleValue())));
        sure.setTooltip(new javafx.scene.control.Tooltip("Show only images the model is at most this sure of"));
        queue.setPrefWidth(130);
        pairs.setPrefWidth(170);
        sort.setPrefWidth(130);
        search.setPrefColumnCount(9);
        Label show = new Label("Show:");
        Label order = new Label("Sort:");
        for (javafx.scene.layout.Region r : new javafx.scene.layout.Region[] {score, show, order, sureText, reviewed,
                undo, redo, allPairs}) {
            r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // labels never shrink to "…"
        }
        return new ToolBar(score, show, queue, pairs, allPairs, order, sort, sure, sureText, search, reviewed, undo,
                redo);
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a dataset folder (one sub-folder per class)");
        File folder = chooser.showDialog(root.getScene().getWindow());
        if (folder != null) {
            model.open(folder.toPath());
        }
    }

    // ------------------------------------------------------------------ sidebar: classes as drop targets

    private VBox sidebar() {
        ListView<ClassSummary> list = new ListView<>(model.classes());
        list.setId("classList");
        list.setPrefWidth(210);
        list.setCellFactory(v -> new ClassCell());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && !now.equals(model.selectedClassProperty().get())) {
                model.selectedClassProperty().set(now);
            }
        });
        model.selectedClassProperty().addListener((obs, old, now) -> {
            if (now == null) {
                list.getSelectionModel().clearSelection();
            } else {
                list.getSelectionModel().select(now);
            }
        });
        Button all = new Button("All classes");
        all.setId("allClasses");
        all.setMaxWidth(Double.MAX_VALUE);
        all.setOnAction(e -> model.selectedClassProperty().set(null));
        Label heading = new Label("Classes — drop images here");
        heading.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(6, heading, all, list);
        box.setPadding(new Insets(8));
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    private final class ClassCell extends ListCell<ClassSummary> {
        ClassCell() {
            setOnDragOver(e -> {
                if (getItem() != null && e.getDragboard().hasContent(HASHES)) {
                    e.acceptTransferModes(TransferMode.MOVE);
                    setStyle("-fx-background-color: #cfe3ff;");
                }
                e.consume();
            });
            setOnDragExited(e -> setStyle(""));
            setOnDragDropped(e -> {
                boolean ok = getItem() != null && e.getDragboard().hasContent(HASHES);
                if (ok) {
                    model.moveSelection(getItem().name());
                }
                e.setDropCompleted(ok);
                e.consume();
            });
        }

        @Override
        protected void updateItem(ClassSummary item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setId(null);
                return;
            }
            List<ClassSummary> plain = model.classes().stream().filter(c -> !c.bucket()).toList();
            int key = plain.indexOf(item) + 1;
            String hint = item.bucket() ? (item.name().equals("_unsure") ? "U" : "X") : key <= 9 ? String.valueOf(key) : "";
            setText(String.format(Locale.ROOT, "%s  %s  ·  %d", hint, item.name(), item.count()));
            setId("class-" + item.name());
            setStyle(item.bucket() ? "-fx-font-style: italic;" : "");
        }
    }

    // ------------------------------------------------------------------ the grid

    private GridView<ImageTile> grid() {
        grid = new GridView<>(model.images());
        grid.setId("grid");
        grid.cellWidthProperty().bind(thumbSize.add(16));
        grid.cellHeightProperty().bind(thumbSize.add(58));
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
        return grid;
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
            box = new VBox(2, picture, bar, name, verdict);
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
                    loupe.toggle();
                }
                grid.requestFocus();
            });
            setOnDragDetected(e -> {
                if (getItem() == null || rubberBand.active()) {
                    return;
                }
                if (!model.selection().contains(getItem().path())) {
                    model.select(getItem().path(), SelectMode.REPLACE);
                }
                Dragboard board = startDragAndDrop(TransferMode.MOVE);
                ClipboardContent content = new ClipboardContent();
                content.put(HASHES, String.join("\n", model.selectedTiles().stream().map(ImageTile::sha256).toList()));
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
                getProperties().remove(TILE_NAME);
                return;
            }
            // Not an id: JavaFX's CSS cache keeps an entry per distinct id, which grew by one per tile scrolled
            // past (a gigabyte over 100,000 images).
            getProperties().put(TILE_NAME, tile.name());
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
            if (tile.predicted() == null) {
                verdict.setText(tile.width() + "×" + tile.height());
                bar.setStyle("-fx-background-color: transparent;");
            } else {
                verdict.setText(String.format(Locale.ROOT, "model: %s %.0f%%%s", tile.predicted(),
                        100 * tile.confidence(), tile.suspect() ? " · " + tile.kind().code() : ""));
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

    // ------------------------------------------------------------------ details

    private ScrollPane details() {
        ImageView big = new ImageView();
        big.setFitWidth(300);
        big.setFitHeight(300);
        big.setPreserveRatio(true);
        Label text = new Label("Select an image");
        text.setId("details");
        text.setWrapText(true);
        text.setMaxWidth(300);
        VBox box = new VBox(8, big, text);
        box.setPadding(new Insets(8));
        Runnable update = () -> model.selectedTiles().stream().findFirst().ifPresentOrElse(t -> {
            big.setImage(new Image(t.file().toUri().toString(), 300, 300, true, true, true));
            text.setText(describe(t));
        }, () -> {
            big.setImage(null);
            text.setText("Select an image");
        });
        model.selection().addListener((javafx.collections.ListChangeListener<String>) c -> update.run());
        ScrollPane pane = new ScrollPane(box);
        pane.setPrefWidth(330);
        pane.setFitToWidth(true);
        return pane;
    }

    private static String describe(ImageTile t) {
        StringBuilder s = new StringBuilder();
        s.append(t.path()).append('\n');
        s.append(String.format(Locale.ROOT, "%d×%d px · %,d bytes%n", t.width(), t.height(), t.size()));
        s.append("SHA-256 ").append(t.sha256(), 0, 16).append("…\n");
        s.append("Filed as: ").append(t.label()).append('\n');
        if (t.predicted() != null) {
            s.append(String.format(Locale.ROOT, "Model: %s (%.1f%%)%n", t.predicted(), 100 * t.confidence()));
            t.probabilities().forEach((label, p) -> s.append(String.format(Locale.ROOT, "  %-12s %5.1f%%%n", label,
                    100 * p)));
            if (t.kind() != null) {
                s.append(String.format(Locale.ROOT, "Issue: %s (score %.3f)%n", t.kind().code(), t.score()));
            }
        }
        if (!t.duplicates().isEmpty()) {
            s.append("Same picture filed elsewhere:\n");
            t.duplicates().forEach(d -> s.append("  ").append(d).append('\n'));
        }
        if (t.reviewed()) {
            s.append("Reviewed.\n");
        }
        return s.toString();
    }

    private void showShortcuts() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Review with the keyboard");
        Label sheet = new Label(SHORTCUTS);
        sheet.setId("shortcutSheet");
        sheet.setWrapText(false);
        sheet.setStyle("-fx-font-family: monospace;");
        sheet.setMinWidth(Region.USE_PREF_SIZE);
        sheet.setMinHeight(Region.USE_PREF_SIZE);
        alert.getDialogPane().setContent(sheet);
        alert.getDialogPane().setMinWidth(Region.USE_PREF_SIZE);
        alert.setResizable(true);
        alert.show();
    }

    // ------------------------------------------------------------------ export

    private void showExportDialog() {
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> dialog = new javafx.scene.control.Dialog<>();
        dialog.setTitle("Export cleaned dataset");
        dialog.setHeaderText("Class folders with manifest.csv, manifest.json and README.txt.\n"
                + "_excluded is left out. The folder must be new or empty; nothing is ever overwritten.");
        TextField target = new TextField();
        target.setId("exportTarget");
        target.setPromptText("Folder to create");
        target.setPrefColumnCount(32);
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Export into (a new or empty folder)");
            File folder = chooser.showDialog(dialog.getDialogPane().getScene().getWindow());
            if (folder != null) {
                target.setText(folder.getAbsolutePath());
            }
        });
        javafx.scene.control.ChoiceBox<String> mode = new javafx.scene.control.ChoiceBox<>(
                FXCollections.observableArrayList("copy", "hardlink", "symlink"));
        mode.setId("exportMode");
        mode.setValue("copy");
        CheckBox split = new CheckBox("train / val / test folders (stable split)");
        split.setId("exportSplit");
        CheckBox zip = new CheckBox("one ZIP file");
        zip.setId("exportZip");
        CheckBox unsure = new CheckBox("include _unsure");
        VBox form = new VBox(8, new HBox(6, target, browse), new HBox(6, new Label("Files:"), mode), split, zip, unsure);
        form.setPadding(new Insets(8));
        dialog.getDialogPane().setContent(form);
        javafx.scene.control.ButtonType exportButton = new javafx.scene.control.ButtonType("Export",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(exportButton, javafx.scene.control.ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(exportButton).setId("exportConfirm");
        Label problem = new Label();
        problem.setId("exportError");
        problem.setWrapText(true);
        problem.setMaxWidth(520);
        problem.setStyle("-fx-text-fill: #b00020;");
        ((VBox) dialog.getDialogPane().getContent()).getChildren().add(problem);
        javafx.scene.Node confirm = dialog.getDialogPane().lookupButton(exportButton);
        javafx.beans.property.BooleanProperty exporting = new javafx.beans.property.SimpleBooleanProperty(false);
        confirm.disableProperty().bind(target.textProperty().isEmpty().or(exporting));
        // The dialog stays open until the export has worked: a failure is shown here, the options kept.
        confirm.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            problem.setText("");
            try {
                dev.loupe.export.ExportOptions options = new dev.loupe.export.ExportOptions(
                        dev.loupe.export.ExportOptions.Mode.parse(mode.getValue()), split.isSelected(),
                        zip.isSelected(), unsure.isSelected());
                exporting.set(true);
                problem.setStyle("-fx-text-fill: #555555;");
                problem.setText("Exporting… (progress in the status bar)");
                model.export(Path.of(target.getText().trim()), options, () -> {
                    exporting.set(false);
                    dialog.setResult(javafx.scene.control.ButtonType.CLOSE);
                    dialog.close();
                }, reason -> {
                    exporting.set(false);
                    problem.setStyle("-fx-text-fill: #b00020;");
                    problem.setText(reason);
                });
            } catch (IllegalArgumentException ex) {
                problem.setStyle("-fx-text-fill: #b00020;");
                problem.setText(ex.getMessage());
            }
        });
        dialog.show();
    }

    /**
     * Above the grid when the judge has no pretrained weights: what is missing and where to get it, a way to
     * choose a file, and random weights only as an explicit choice.
     */
    private VBox judgeBanner() {
        Label text = new Label();
        text.setId("judgeProblem");
        text.textProperty().bind(model.judgeProblemProperty());
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setMinHeight(Region.USE_PREF_SIZE);
        Button choose = new Button("Choose weights file…");
        choose.setId("chooseWeights");
        choose.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("The judge's ImageNet weights (Keras .h5)");
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Keras weights", "*.h5"));
            File file = chooser.showOpenDialog(root.getScene().getWindow());
            if (file != null) {
                model.useWeightsFile(file.toPath());
            }
        });
        Button random = new Button("Score with random weights anyway");
        random.setId("randomWeights");
        random.setOnAction(e -> model.scoreWithRandomWeights());
        HBox buttons = new HBox(10, choose, random);
        VBox banner = new VBox(6, text, buttons);
        banner.setId("judgeBanner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setPadding(new Insets(8));
        banner.setStyle("-fx-background-color: #fff3cd; -fx-border-color: #e0c36a; -fx-border-width: 0 0 1 0;");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        random.setMinWidth(Region.USE_PREF_SIZE);
        banner.visibleProperty().bind(model.judgeProblemProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    // ------------------------------------------------------------------ status bar

    private VBox statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(model.statusProperty());
        Label message = new Label();
        message.setId("message");
        message.textProperty().bind(model.messageProperty());
        message.setStyle("-fx-text-fill: #555555;");
        Label task = new Label();
        task.setId("taskText");
        task.textProperty().bind(model.taskTextProperty());
        task.setMinWidth(Region.USE_PREF_SIZE);
        ProgressBar progress = new ProgressBar();
        progress.setId("progress");
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.busyProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.visibleProperty().bind(model.busyProperty());
        cancel.setOnAction(e -> model.cancel());
        HBox bar = new HBox(10, status, task, progress, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        VBox box = new VBox(2, bar, message);
        box.setPadding(new Insets(4, 8, 4, 8));
        return box;
    }

    private void acceptFolderDrops() {
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().get(0).isDirectory()) {
                e.acceptTransferModes(TransferMode.LINK);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && e.getDragboard().getFiles().get(0).isDirectory();
            if (ok) {
                Path folder = e.getDragboard().getFiles().get(0).toPath();
                model.open(folder);
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }
}
