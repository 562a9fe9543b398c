package dev.loupe.app;

import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The start page, over the empty grid until a dataset is open: open one, try the sample, or reopen a recent one. */
final class StartPage {

    private StartPage() {
    }

    /** What the window shows before any dataset is open: how to start, and the datasets opened lately. */
    static Node of(DatasetViewModel model, Runnable chooseFolder) {
        Label title = new Label("Open a dataset to start");
        title.setStyle("-fx-font-size: 20px; -fx-font-weight: bold;");
        Label what = new Label("A dataset is a folder with one sub-folder per class (road/, not-road/, …). Loupe "
                + "scores every image, shows the likely label errors first, and moves images between the class "
                + "folders with undo. You can also drop a folder onto this window.");
        what.setWrapText(true);
        what.setMaxWidth(560);
        Button open = new Button("Open a dataset…");
        open.setId("startOpen");
        open.setDefaultButton(true);
        open.setOnAction(e -> chooseFolder.run());
        Path sample = Path.of(System.getProperty("user.home"), "Loupe", "sample-dataset");
        Button trySample = new Button("Try the sample dataset");
        trySample.setId("startSample");
        trySample.setTooltip(new javafx.scene.control.Tooltip("700 generated road and not-road pictures, 10% of them "
                + "misfiled, made in " + sample + " the first time"));
        trySample.disableProperty().bind(model.busyProperty());
        trySample.setOnAction(e -> model.openSample(sample));
        VBox page = new VBox(12, title, what, new javafx.scene.layout.HBox(8, open, trySample));
        List<Path> recent = model.recentDatasets().stream().filter(java.nio.file.Files::isDirectory).limit(5).toList();
        if (!recent.isEmpty()) {
            page.getChildren().add(new Label("Opened lately:"));
            for (Path p : recent) {
                javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(p.toString());
                link.setOnAction(e -> model.open(p));
                page.getChildren().add(link);
            }
        }
        page.setPadding(new Insets(40));
        page.setMaxSize(640, Region.USE_PREF_SIZE);
        page.setStyle("-fx-background-color: white; -fx-border-color: #dddddd;");
        page.setId("startPage");
        page.visibleProperty().bind(model.datasetOpenProperty().not());
        page.managedProperty().bind(page.visibleProperty());
        return page;
    }
}
