package dev.loupe.app;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
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
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.input.DataFormat;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/** The review window's layout, bound to a {@link DatasetViewModel}; every action goes through the model. */
final class MainView {

    /** What a dragged tile carries: the content hashes of the dragged images (never the images). */
    static final DataFormat HASHES = new DataFormat("application/x-loupe-sha256");
    /** The key under which a grid cell keeps the file name of the tile it shows (for tests and tools). */
    static final String TILE_NAME = "loupe.tile";
    private final DatasetViewModel model;
    private final BorderPane root = new BorderPane();
    private final ReviewGrid grid;
    private RubberBand rubberBand;
    private final LoupeModel loupe;
    private javafx.scene.control.TabPane tabs;
    private MapView mapView;
    /** The Map tab's place among the tabs. */
    private static final int MAP_TAB = 1;

    MainView(DatasetViewModel model) {
        this.model = model;
        this.loupe = new LoupeModel(model);
        VBox top = new VBox(menuBar(), toolBar());
        root.setTop(top);
        root.setLeft(sidebar());
        grid = new ReviewGrid(model, loupe::toggle, () -> rubberBand != null && rubberBand.active());
        rubberBand = new RubberBand(grid.view(), model);
        Label empty = new Label();
        empty.setId("emptyGrid");
        empty.textProperty().bind(model.emptyReasonProperty());
        empty.visibleProperty().bind(model.emptyReasonProperty().isNotEmpty());
        empty.setWrapText(true);
        empty.setMaxWidth(520);
        empty.setMouseTransparent(true);
        empty.setStyle("-fx-font-size: 14px; -fx-text-fill: #444444; -fx-background-color: #f4f4f4; -fx-padding: 16;");
        StackPane gridWithHint = new StackPane(rubberBand.node(), empty, StartPage.of(model, this::chooseFolder));
        VBox reviewPane = new VBox(StatusBars.judgeBanner(model, () -> root.getScene().getWindow()), gridWithHint);
        VBox.setVgrow(gridWithHint, Priority.ALWAYS);
        javafx.scene.control.Tab review = new javafx.scene.control.Tab("Review", reviewPane);
        review.setClosable(false);
        javafx.scene.control.Tab roundsTab = new javafx.scene.control.Tab("Rounds", new RoundsView(model, () -> tabs.getSelectionModel().select(0)).root());
        roundsTab.setClosable(false);
        roundsTab.setId("roundsTab");
        mapView = new MapView(model, () -> tabs.getSelectionModel().select(0));
        javafx.scene.control.Tab mapTab = new javafx.scene.control.Tab("Map", mapView.node());
        mapTab.setClosable(false);
        mapTab.setId("mapTab");
        javafx.scene.control.Tab classesTab = new javafx.scene.control.Tab("Classes",
                new ClassesView(model, () -> tabs.getSelectionModel().select(0)).root());
        classesTab.setClosable(false);
        classesTab.setId("classesTab");
        tabs = new javafx.scene.control.TabPane(review, mapTab, classesTab, roundsTab);
        tabs.setId("tabs");
        // The loupe opens over the grid, inside the window (Enter), and closes back onto it (Esc).
        root.setCenter(new StackPane(tabs, new LoupeView(loupe).node()));
        javafx.scene.Node details = new DetailsPane(model).node();
        root.setRight(details);
        // The image details belong to the Review and Map tabs; the Rounds tab gets the width for its tables.
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            root.setRight(now == roundsTab || now == classesTab ? null : details);
            model.setClassesShown(now == classesTab);
            model.mapModel().setActive(now == mapTab);
            model.setRoundsShown(now == roundsTab);
        });
        root.setBottom(StatusBars.statusBar(model, grid));
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
            int tab = tabs.getSelectionModel().getSelectedIndex();
            if (tab == MAP_TAB) {
                mapKey(e);
                return;
            }
            if (tab != 0 && !e.isShortcutDown()) {
                return; // review keys belong to the Review tab; the Rounds tab's tables keep their own keys
            }
            if (e.getCode() == KeyCode.SPACE && !e.isShortcutDown() && !e.isAltDown()) {
                spacePressed();
                e.consume();
                return;
            }
            Keymap.of(e.getCode(), e.getText(), e.isShortcutDown(), e.isShiftDown(), e.isAltDown(), loupe.isOpen())
                    .ifPresent(key -> {
                        perform(key);
                        e.consume();
                    });
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE && !(e.getTarget() instanceof TextField)) {
                spaceReleased();
                e.consume();
            }
        });
    }

    /** In the Map tab: the decision keys act on the selection (picked with the lasso), F and Home fit the map. */
    private void mapKey(KeyEvent e) {
        if ((e.getCode() == KeyCode.F || e.getCode() == KeyCode.HOME) && !e.isShortcutDown()) {
            mapView.fit();
            e.consume();
            return;
        }
        Keymap.of(e.getCode(), e.getText(), e.isShortcutDown(), e.isShiftDown(), e.isAltDown(), false)
                .filter(key -> switch (key.command()) {
                    case MOVE_TO_CLASS, UNSURE, EXCLUDE, KEEP, UNDO, REDO, LOOK_ALIKES, HELP -> true;
                    default -> false;
                })
                .ifPresent(key -> {
                    perform(key);
                    e.consume();
                });
    }

    /** Space: a tap keeps the label (as K); held, it shows the loupe while held (a peek), like Lightroom's. */
    private final javafx.animation.PauseTransition spaceHold = new javafx.animation.PauseTransition(
            javafx.util.Duration.millis(350));
    private boolean spaceDown;
    private boolean peeking;

    private void spacePressed() {
        if (spaceDown) {
            return; // the keyboard's auto-repeat
        }
        spaceDown = true;
        spaceHold.setOnFinished(e -> {
            if (spaceDown && !loupe.isOpen()) {
                peeking = true;
                loupe.toggle();
            }
        });
        spaceHold.playFromStart();
    }

    private void spaceReleased() {
        if (!spaceDown) {
            return;
        }
        spaceDown = false;
        spaceHold.stop();
        if (peeking) {
            peeking = false;
            loupe.close();
        } else {
            Keymap.of(KeyCode.SPACE, " ", false, false, false, loupe.isOpen()).ifPresent(this::perform);
        }
    }

    private void perform(Keymap.Key key) {
        switch (key.command()) {
            case MOVE_TO_CLASS -> {
                List<String> classes = model.classes().stream().filter(c -> !c.bucket()).map(ClassSummary::name).toList();
                if (key.classNumber() <= classes.size()) {
                    model.moveSelection(classes.get(key.classNumber() - 1));
                }
            }
            case UNSURE -> model.moveSelection("_unsure");
            case EXCLUDE -> model.moveSelection("_excluded");
            case KEEP -> model.keepSelection();
            case UNDO -> model.undo();
            case REDO -> model.redo();
            case SELECT_ALL -> model.selectAll();
            case LARGER -> grid.larger();
            case SMALLER -> grid.smaller();
            case RIGHT -> model.moveFocus(1);
            case LEFT -> model.moveFocus(-1);
            case DOWN -> model.moveFocus(loupe.isOpen() ? 1 : grid.columns());
            case UP -> model.moveFocus(loupe.isOpen() ? -1 : -grid.columns());
            case PAGE_DOWN -> model.moveFocus(grid.columns() * grid.visibleRows());
            case PAGE_UP -> model.moveFocus(-grid.columns() * grid.visibleRows());
            case HOME -> model.moveFocus(-model.images().size());
            case END -> model.moveFocus(model.images().size());
            case REQUEUE -> model.refreshQueue();
            case LOUPE -> loupe.toggle();
            case ACTUAL_SIZE -> loupe.toggleActualSize();
            case COMPARE -> {
                if (!loupe.compare()) {
                    model.say(loupe.captionProperty().get());
                }
            }
            case CLOSE_LOUPE -> loupe.close();
            case LOOK_ALIKES -> model.showLookAlikes();
            case KEEP_ONE_OF_CLUSTER -> model.keepOneOfCluster();
            case HELP -> showShortcuts();
        }
    }

    // ------------------------------------------------------------------ menus and toolbar

    private MenuBar menuBar() {
        MenuItem open = item("Open dataset…", "Shortcut+O", () -> chooseFolder());
        open.setId("openMenu");
        Menu recent = AppMenus.recent(model);
        MenuItem export = item("Export cleaned dataset…", "Shortcut+E", () -> new ExportDialog(model).show(root.getScene().getWindow()));
        export.setId("exportMenu");
        export.disableProperty().bind(model.busyProperty());
        MenuItem quit = item("Quit", "Shortcut+Q", () -> root.getScene().getWindow().hide());
        MenuItem undo = item("Undo", null, model::undo);
        undo.disableProperty().bind(model.canUndoProperty().not());
        MenuItem redo = item("Redo", null, model::redo);
        redo.disableProperty().bind(model.canRedoProperty().not());
        MenuItem score = item("Score dataset", "Shortcut+R", model::score);
        score.disableProperty().bind(model.busyProperty());
        return new MenuBar(new Menu("File", null, open, recent, AppMenus.importClusterFeatures(model,
                () -> root.getScene().getWindow()), export, quit), new Menu("Edit", null, undo, redo), review(score),
                new Menu("Help", null, item("Keyboard shortcuts", null, this::showShortcuts)));
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
        ComboBox<ClassPair> pairs = new ComboBox<>(model.pairs());
        pairs.setId("pairChoice");
        pairs.setPromptText("All class pairs");
        pairs.valueProperty().bindBidirectional(model.pairProperty());
        pairs.disableProperty().bind(model.scoredProperty().not());
        Button allPairs = new Button("×");
        allPairs.setTooltip(new javafx.scene.control.Tooltip("Show every class pair"));
        allPairs.setOnAction(e -> model.pairProperty().set(null));
        ComboBox<Sort> sort = new ComboBox<>();
        sort.setId("sortChoice");
        sort.getItems().setAll(Sort.values());
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
        ToolBar bar = new ToolBar(score, show, queue, pairs, allPairs, order, sort, sure, sureText, search, reviewed,
                undo, redo);
        bar.disableProperty().bind(model.datasetOpenProperty().not()); // the start page: nothing to score or show
        return bar;
    }

    private Menu review(MenuItem score) {
        Menu review = new Menu("Review", null, score, new javafx.scene.control.SeparatorMenuItem());
        review.getItems().addAll(AppMenus.judgeItems(model, () -> root.getScene().getWindow()));
        return review;
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

    /** Highlights the class the grid is limited to (by name: its count may have changed), or none. */
    private void showChosenClass(ListView<ClassSummary> list) {
        ClassSummary chosen = model.selectedClassProperty().get();
        int at = -1;
        for (int i = 0; chosen != null && i < list.getItems().size(); i++) {
            if (list.getItems().get(i).name().equals(chosen.name())) {
                at = i;
            }
        }
        if (at < 0) {
            list.getSelectionModel().clearSelection();
        } else if (list.getSelectionModel().getSelectedIndex() != at) {
            list.getSelectionModel().select(at);
        }
    }

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
        model.selectedClassProperty().addListener((obs, old, now) -> showChosenClass(list));
        // Rebuilding the class list (after every decision: the counts change) clears the list's selection;
        // the class the grid is limited to stays highlighted.
        model.classes().addListener((javafx.collections.ListChangeListener<ClassSummary>) c -> showChosenClass(list));
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

    private void showShortcuts() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Review with the keyboard");
        Label sheet = new Label(Keymap.SHEET);
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
