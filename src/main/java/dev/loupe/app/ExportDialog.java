package dev.loupe.app;

import java.io.File;
import java.nio.file.Path;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * File → Export cleaned dataset…: target folder, how files get there, split, zip, _unsure. The dialog stays
 * open until the export has worked; a failure is shown in it with the options kept.
 */
final class ExportDialog {

    private final DatasetViewModel model;

    ExportDialog(DatasetViewModel model) {
        this.model = model;
    }


    void show(javafx.stage.Window owner) {
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(owner);
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
}
