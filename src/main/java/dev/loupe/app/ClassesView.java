package dev.loupe.app;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Classes tab: each class's health ({@link ClassHealth}) in a table, and the actions on a whole class:
 * review its suspects, merge it into another class, rename it (each one journal step, undone with Ctrl+Z).
 */
final class ClassesView {

    private final DatasetViewModel model;
    private final VBox root = new VBox(8);

    ClassesView(DatasetViewModel model, Runnable toReview) {
        this.model = model;
        TableView<ClassHealth> table = new TableView<>(model.classHealth());
        table.setId("classesTable");
        table.getColumns().add(column("Class", ClassHealth::name));
        table.getColumns().add(column("Images", h -> String.valueOf(h.images())));
        table.getColumns().add(column("Estimated errors", h -> model.scoredProperty().get() ? String.valueOf(h.estimatedErrors()) : "–"));
        table.getColumns().add(column("Suspects left", h -> model.scoredProperty().get() ? String.valueOf(h.suspectsLeft()) : "–"));
        table.getColumns().add(column("Duplicate clusters", h -> h.clusters() < 0 ? "–" : String.valueOf(h.clusters())));
        table.getColumns().add(column("Most confused with", h -> h.confusedWith() == null ? "–"
                : String.format(Locale.ROOT, "%s (~%d)", h.confusedWith(), h.confusedErrors())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Open a dataset: its classes are listed here."));

        Button suspects = new Button("Review its suspects");
        suspects.setId("classSuspects");
        suspects.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        suspects.setOnAction(e -> {
            String name = table.getSelectionModel().getSelectedItem().name();
            model.queueProperty().set(Queue.SUSPECTS);
            model.classes().stream().filter(c -> c.name().equals(name)).findFirst()
                    .ifPresent(c -> model.selectedClassProperty().set(c));
            toReview.run();
        });
        Button merge = new Button("Merge into…");
        merge.setId("mergeClass");
        merge.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(model.busyProperty()));
        merge.setOnAction(e -> {
            String from = table.getSelectionModel().getSelectedItem().name();
            List<String> others = model.classHealth().stream().map(ClassHealth::name).filter(n -> !n.equals(from)).toList();
            if (others.isEmpty()) {
                return;
            }
            ChoiceDialog<String> dialog = new ChoiceDialog<>(others.get(0), others);
            dialog.setTitle("Merge " + from);
            dialog.setHeaderText("File every image of " + from + " under another class (one undo step; the empty "
                    + "folder is removed)");
            dialog.setContentText("Into:");
            dialog.showAndWait().ifPresent(into -> model.mergeClass(from, into));
        });
        Button rename = new Button("Rename…");
        rename.setId("renameClass");
        rename.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(model.busyProperty()));
        rename.setOnAction(e -> {
            String from = table.getSelectionModel().getSelectedItem().name();
            TextInputDialog dialog = new TextInputDialog(from);
            dialog.setTitle("Rename " + from);
            dialog.setHeaderText("A new folder name for " + from + " (its images move there in one undo step)");
            dialog.setContentText("New name:");
            // Enter in the field closes the dialog a moment later: closing it inside GTK's handling of that key
            // press crashed the JVM under Xvfb (glass's input-method path).
            dialog.getEditor().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, k -> {
                if (k.getCode() == javafx.scene.input.KeyCode.ENTER) {
                    k.consume();
                    javafx.application.Platform.runLater(() ->
                            ((Button) dialog.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK)).fire());
                }
            });
            dialog.showAndWait().filter(to -> !to.trim().equals(from)).ifPresent(to -> model.renameClass(from, to));
        });
        Label hint = new Label("Estimated errors come from confident learning after scoring; a class most confused "
                + "with another may be one class in two folders (merge) or need a clearer name.");
        hint.setWrapText(true);
        hint.setMinWidth(0);
        HBox.setHgrow(hint, Priority.ALWAYS);
        for (Button b : List.of(suspects, merge, rename)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the hint gives way, not the buttons
        }
        HBox actions = new HBox(8, suspects, merge, rename, hint);
        actions.setAlignment(Pos.CENTER_LEFT);
        root.getChildren().addAll(actions, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.setPadding(new Insets(8));
    }

    Parent root() {
        return root;
    }

    private static TableColumn<ClassHealth, String> column(String title, Function<ClassHealth, String> value) {
        TableColumn<ClassHealth, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }
}
