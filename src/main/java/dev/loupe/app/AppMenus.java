package dev.loupe.app;

import java.io.File;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Menus of the window that need more than one line: datasets opened lately, and the choice of judge. */
final class AppMenus {

    private AppMenus() {
    }

    /** File → Open recent: the datasets opened lately, read each time the menu opens. */
    static javafx.scene.control.Menu recent(DatasetViewModel model) {
        javafx.scene.control.Menu recent = new javafx.scene.control.Menu("Open recent");
        recent.setId("recentMenu");
        recent.setOnShowing(e -> recent.getItems().setAll(model.recentDatasets().stream().map(p -> {
            MenuItem entry = new MenuItem(p.toString());
            entry.setOnAction(a -> model.open(p));
            return entry;
        }).toList()));
        recent.getItems().add(new MenuItem("(none yet)"));
        return recent;
    }

    /** File → Import cluster features…: a featurize-spark table (its folder) into the open dataset's cache. */
    static MenuItem importClusterFeatures(DatasetViewModel model, Supplier<Window> window) {
        MenuItem item = new MenuItem("Import cluster features…");
        item.setId("importFeaturesMenu");
        item.disableProperty().bind(model.datasetOpenProperty().not().or(model.busyProperty()));
        item.setOnAction(e -> {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle("Import the features of a featurize-spark run (its Parquet folder)");
            File folder = chooser.showDialog(window.get());
            if (folder != null) {
                model.importClusterFeatures(folder.toPath());
            }
        });
        return item;
    }

    /** Review → Judge with my own model…, Judge with the large model. */
    static List<MenuItem> judgeItems(DatasetViewModel model, Supplier<Window> window) {
        MenuItem own = new MenuItem("Judge with my own model…");
        own.setOnAction(e -> chooseOwnJudge(model, window.get()));
        MenuItem large = new MenuItem("Judge with the large model");
        large.setOnAction(e -> model.useOriginalJudge());
        own.disableProperty().bind(model.datasetOpenProperty().not());
        large.disableProperty().bind(model.datasetOpenProperty().not());
        return List.of(own, large);
    }

    /** An ONNX image encoder or classifier of the user's own as the judge (its NAME.json beside it, if any). */
    private static void chooseOwnJudge(DatasetViewModel model, Window window) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Judge with an ONNX model (an image encoder or classifier)");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("ONNX models", "*.onnx"));
        File file = chooser.showOpenDialog(window);
        if (file != null) {
            model.useOwnModelAsJudge(file.toPath());
        }
    }
}
