package dev.loupe.app;

import dev.loupe.app.DatasetViewModel.ClassSummary;
import dev.loupe.app.DatasetViewModel.ImageTile;
import java.io.File;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** The main window's layout, bound to a {@link DatasetViewModel}. */
final class MainView {

    private static final int THUMB = 96;

    private final DatasetViewModel model;
    private final BorderPane root = new BorderPane();

    MainView(DatasetViewModel model) {
        this.model = model;
        root.setTop(menuBar());
        root.setLeft(classList());
        root.setCenter(imageList());
        root.setBottom(statusBar());
        acceptFolderDrops();
    }

    Parent root() {
        return root;
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open dataset…");
        open.setId("openMenu");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseFolder(root.getScene().getWindow()));
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> root.getScene().getWindow().hide());
        return new MenuBar(new Menu("File", null, open, quit));
    }

    private void chooseFolder(Window owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a dataset folder (one sub-folder per class)");
        File folder = chooser.showDialog(owner);
        if (folder != null) {
            model.open(folder.toPath());
        }
    }

    private VBox classList() {
        ListView<ClassSummary> list = new ListView<>(model.classes());
        list.setId("classList");
        list.setPrefWidth(200);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ClassSummary item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + "  ·  " + item.count());
                setStyle(item != null && item.bucket() ? "-fx-font-style: italic;" : "");
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.selectedClassProperty().set(now);
            }
        });
        model.selectedClassProperty().addListener((obs, old, now) -> list.getSelectionModel().select(now));
        Label heading = new Label("Classes");
        heading.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(6, heading, list);
        box.setPadding(new Insets(8));
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    private ListView<ImageTile> imageList() {
        ListView<ImageTile> list = new ListView<>(model.images());
        list.setId("imageList");
        list.setCellFactory(v -> new ListCell<>() {
            private final ImageView view = new ImageView();

            @Override
            protected void updateItem(ImageTile item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                // Decoded off the FX thread at thumbnail size; JavaFX shows nothing until it is ready.
                view.setImage(new Image(item.file().toUri().toString(), THUMB, THUMB, true, true, true));
                setGraphic(view);
                setText(item.name() + "   " + item.width() + "×" + item.height());
            }
        });
        return list;
    }

    private HBox statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(model.statusProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("progress");
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.busyProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.visibleProperty().bind(model.busyProperty());
        cancel.setOnAction(e -> model.cancel());
        HBox bar = new HBox(10, status, progress, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        return bar;
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
