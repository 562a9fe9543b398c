package dev.loupe.app;

import java.io.File;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The bars around the grid: the judge's banner above it, the status bar below the window. */
final class StatusBars {

    private StatusBars() {
    }

    /**
     * Above the grid when the judge has no pretrained weights: what is missing and where to get it, a way to
     * choose a file, and random weights only as an explicit choice.
     */
    static VBox judgeBanner(DatasetViewModel model, java.util.function.Supplier<javafx.stage.Window> owner) {
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
            File file = chooser.showOpenDialog(owner.get());
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

    /** The status line, long work's progress line, bar and Cancel, the last message, the thumbnail size. */
    static VBox statusBar(DatasetViewModel model, ReviewGrid grid) {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(model.statusProperty());
        Label message = new Label();
        message.setId("message");
        message.textProperty().bind(model.messageProperty());
        message.setStyle("-fx-text-fill: #555555;");
        javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();
        whole.textProperty().bind(model.messageProperty()); // a long message cut short by the window's width
        whole.setWrapText(true);
        whole.setMaxWidth(700);
        message.setTooltip(whole);
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
        javafx.scene.control.Slider size = new javafx.scene.control.Slider(ReviewGrid.minThumb(), ReviewGrid.maxThumb(),
                grid.thumbSizeProperty().get());
        size.setId("thumbSize");
        size.setPrefWidth(110);
        size.setTooltip(new javafx.scene.control.Tooltip("Thumbnail size (Ctrl + and Ctrl -)"));
        size.valueProperty().addListener((obs, old, now) -> grid.thumbSizeProperty().set(now.intValue()));
        grid.thumbSizeProperty().addListener((obs, old, now) -> size.setValue(now.doubleValue()));
        size.setFocusTraversable(false); // the arrow keys stay the grid's
        HBox bar = new HBox(10, status, task, progress, cancel, new Label("Size"), size);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        VBox box = new VBox(2, bar, message);
        box.setPadding(new Insets(4, 8, 4, 8));
        return box;
    }
}
