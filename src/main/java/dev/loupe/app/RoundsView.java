package dev.loupe.app;

import dev.loupe.engine.FineTuner;
import dev.loupe.imaging.Augmentation;
import dev.loupe.rounds.ArchitectureComparison;
import dev.loupe.rounds.RetrainConfig;
import dev.loupe.rounds.RoundRecord;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Rounds tab: history table, accuracy over rounds, the live training chart, the Retrain dialog and the
 * architecture comparison.
 */
final class RoundsView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());
    /** Offered in the comparison dialog; the seed compared 1.0_224 and 0.25_128 with Inception. */
    private static final java.util.List<String> COMPARABLE = java.util.List.of("mobilenet-0.25-128", "mobilenet-0.5-160",
            "mobilenet-0.25-224", "mobilenet-1.0-224", "resnet50");
    private static final java.util.List<String> DEFAULT_COMPARISON = java.util.List.of("mobilenet-0.25-128",
            "mobilenet-1.0-224");

    private final DatasetViewModel model;
    private final VBox root = new VBox(8);

    /** The Rounds tab; {@code toReview} brings the Review tab forward (to page through the leaking pairs). */
    RoundsView(DatasetViewModel model, Runnable toReview) {
        this.model = model;
        Button retrain = new Button("Retrain…");
        retrain.setId("retrainButton");
        retrain.disableProperty().bind(model.busyProperty());
        retrain.setOnAction(e -> showRetrainDialog());
        Label hint = new Label("Each round trains on the training split (stable by content hash) and is tested on "
                + "the same test set, so rounds compare.");
        TableView<RoundRecord> table = table();
        Button judge = new Button("Use as judge");
        judge.setId("useAsJudge");
        judge.setTooltip(new javafx.scene.control.Tooltip("Score the dataset with the selected round's model"));
        judge.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(model.busyProperty()));
        judge.setOnAction(e -> model.useRoundAsJudge(table.getSelectionModel().getSelectedItem().round()));
        Button original = new Button("Judge with the large model");
        original.disableProperty().bind(model.busyProperty());
        original.setOnAction(e -> model.useOriginalJudge());
        javafx.scene.control.MenuButton exportModel = new javafx.scene.control.MenuButton("Export model");
        exportModel.setId("exportModel");
        exportModel.setTooltip(new javafx.scene.control.Tooltip("Write the selected round's model into a new folder: "
                + "as ONNX (runs anywhere ONNX Runtime does, phones included), as int8 ONNX (a quarter of the size), "
                + "or as Loupe's bundle; checked on the test split, read by loupe classify"));
        exportModel.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        for (dev.loupe.export.ModelExport.Format format : java.util.List.of(dev.loupe.export.ModelExport.Format.ONNX,
                dev.loupe.export.ModelExport.Format.ONNX_INT8, dev.loupe.export.ModelExport.Format.DL4J)) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(switch (format) {
                case ONNX -> "As ONNX (model.onnx)…";
                case ONNX_INT8 -> "As int8 ONNX, for phones…";
                case DL4J -> "As Loupe's bundle (model.zip)…";
            });
            item.setId("exportModel-" + format.cliName());
            item.setOnAction(e -> {
                int round = table.getSelectionModel().getSelectedItem().round();
                javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
                chooser.setTitle("Export round " + round + "'s model into (a new or empty folder)");
                java.io.File folder = chooser.showDialog(root.getScene().getWindow());
                if (folder != null) {
                    model.roundsModel().exportRoundModel(round, folder.toPath(), format);
                }
            });
            exportModel.getItems().add(item);
        }
        Label current = new Label();
        current.textProperty().bind(model.judgeProperty().map(j -> "Judge: " + j));
        javafx.scene.control.TextArea report = new javafx.scene.control.TextArea();
        report.setId("roundReport");
        report.setEditable(false);
        report.setStyle("-fx-font-family: monospace;");
        report.setPrefRowCount(10);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) ->
                report.setText(now == null ? "" : model.roundsModel().roundReport(now.round())));
        model.roundsModel().rounds().addListener((ListChangeListener<RoundRecord>) c -> {
            if (!model.roundsModel().rounds().isEmpty()) {
                table.getSelectionModel().selectLast();
            }
        });
        HBox charts = new HBox(8, accuracyChart(), trainingChart());
        HBox middle = new HBox(8, table, report);
        HBox.setHgrow(table, Priority.ALWAYS);
        // The round's metrics and confusion matrix stay readable at the default window size.
        report.setPrefWidth(460);
        report.setMinWidth(380);
        table.setMinWidth(300);
        Button compare = new Button("Compare architectures…");
        compare.setId("compareButton");
        compare.disableProperty().bind(model.busyProperty());
        compare.setOnAction(e -> showCompareDialog());
        // Buttons keep their labels; the hint gives way when the window is narrow.
        retrain.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        compare.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.setMinWidth(0);
        root.getChildren().addAll(new HBox(8, retrain, compare, hint), middle, new HBox(8, judge, original, exportModel, current),
                leakageLine(toReview), charts, comparison());
        root.setPadding(new Insets(8));
        VBox.setVgrow(middle, Priority.ALWAYS);
    }

    Parent root() {
        return root;
    }

    /** Split leakage under the round history: how many near-duplicate pairs straddle the split, and Show. */
    private HBox leakageLine(Runnable toReview) {
        Label text = new Label();
        text.setId("leakage");
        text.setWrapText(true);
        text.textProperty().bind(model.leakage().summaryProperty());
        Button show = new Button("Show leaking pairs");
        show.setId("showLeakage");
        show.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        show.disableProperty().bind(model.leakage().leakingProperty().not());
        show.setOnAction(e -> {
            model.showLeakage();
            toReview.run();
        });
        text.setMinWidth(0);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox line = new HBox(8, show, text);
        line.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return line;
    }

    private TableView<RoundRecord> table() {
        TableView<RoundRecord> table = new TableView<>(model.roundsModel().rounds());
        table.setId("roundsTable");
        table.getColumns().add(column("Round", r -> String.valueOf(r.round())));
        table.getColumns().add(column("Date", r -> TIME.format(r.at())));
        table.getColumns().add(column("Backbone", RoundRecord::backbone));
        table.getColumns().add(column("Mode", RoundRecord::mode));
        table.getColumns().add(column("Images", r -> String.valueOf(r.images())));
        table.getColumns().add(column("Labels changed", r -> String.valueOf(r.labelsChanged())));
        table.getColumns().add(column("Validation", r -> percent(r.validationAccuracy())));
        table.getColumns().add(column("Test", r -> percent(r.testAccuracy())));
        table.getColumns().add(column("Model size", r -> String.format(Locale.ROOT, "%.1f MB", r.modelBytes() / 1e6)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No rounds yet: press Retrain…"));
        return table;
    }

    private static TableColumn<RoundRecord, String> column(String title, Function<RoundRecord, String> value) {
        TableColumn<RoundRecord, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private LineChart<Number, Number> accuracyChart() {
        // Rounds are whole numbers: the axis runs from 0 (unlabelled) to one past the last round, in whole steps.
        NumberAxis rounds = new NumberAxis("round", 0, 2, 1);
        rounds.setMinorTickVisible(false);
        rounds.setTickLabelFormatter(new javafx.util.StringConverter<Number>() {
            @Override
            public String toString(Number n) {
                return n.doubleValue() < 0.5 || n.doubleValue() != Math.rint(n.doubleValue()) ? ""
                        : String.valueOf(n.intValue());
            }

            @Override
            public Number fromString(String text) {
                return Integer.parseInt(text);
            }
        });
        LineChart<Number, Number> chart = new LineChart<>(rounds, new NumberAxis("accuracy", 0, 1, 0.1));
        chart.setTitle("Accuracy over rounds");
        chart.setId("accuracyChart");
        XYChart.Series<Number, Number> test = new XYChart.Series<>();
        test.setName("test");
        XYChart.Series<Number, Number> validation = new XYChart.Series<>();
        validation.setName("validation");
        chart.getData().add(test);
        chart.getData().add(validation);
        Runnable update = () -> {
            test.getData().clear();
            validation.getData().clear();
            int last = model.roundsModel().rounds().stream().mapToInt(RoundRecord::round).max().orElse(1);
            rounds.setUpperBound(last + 1);
            rounds.setTickUnit(Math.max(1, Math.ceil((last + 1) / 10.0)));
            for (RoundRecord r : model.roundsModel().rounds()) {
                if (Double.isFinite(r.testAccuracy())) {
                    test.getData().add(new XYChart.Data<>(r.round(), r.testAccuracy()));
                }
                if (Double.isFinite(r.validationAccuracy())) {
                    validation.getData().add(new XYChart.Data<>(r.round(), r.validationAccuracy()));
                }
            }
        };
        model.roundsModel().rounds().addListener((ListChangeListener<RoundRecord>) c -> update.run());
        update.run();
        chart.setPrefHeight(260);
        chart.setMinHeight(220);
        // Beside the plot, the legend fits at 1280x800 (below it, it was squeezed out).
        chart.setLegendSide(javafx.geometry.Side.RIGHT);
        chart.setLegendVisible(true);
        HBox.setHgrow(chart, Priority.ALWAYS);
        return chart;
    }

    private javafx.scene.layout.StackPane trainingChart() {
        NumberAxis steps = new NumberAxis();
        steps.setLabel("step");
        NumberAxis values = new NumberAxis();
        values.setLabel("accuracy / loss");
        LineChart<Number, Number> chart = new LineChart<>(steps, values);
        chart.setTitle("This round's training (fine-tuning)");
        chart.setId("trainingChart");
        XYChart.Series<Number, Number> trainAcc = new XYChart.Series<>();
        trainAcc.setName("train accuracy");
        XYChart.Series<Number, Number> valAcc = new XYChart.Series<>();
        valAcc.setName("validation accuracy");
        XYChart.Series<Number, Number> loss = new XYChart.Series<>();
        loss.setName("train loss");
        chart.getData().add(trainAcc);
        chart.getData().add(valAcc);
        chart.getData().add(loss);
        model.roundsModel().trainingSteps().addListener((ListChangeListener<FineTuner.Step>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && model.roundsModel().trainingSteps().isEmpty()) {
                    trainAcc.getData().clear();
                    valAcc.getData().clear();
                    loss.getData().clear();
                }
                for (FineTuner.Step s : c.getAddedSubList()) {
                    // A step without a value (no validation set, or not an evaluation step) adds no point: a NaN
                    // would leave the whole chart blank.
                    add(trainAcc, s.step(), s.trainAccuracy());
                    add(valAcc, s.step(), s.validationAccuracy());
                    add(loss, s.step(), s.trainLoss());
                }
            }
        });
        chart.setPrefHeight(260);
        chart.setMinHeight(220);
        // Beside the plot, the legend fits at 1280x800 (below it, it was squeezed out).
        chart.setLegendSide(javafx.geometry.Side.RIGHT);
        // Empty axes say nothing: until a fine-tuning round trains, the plot says what will appear there.
        Label waiting = new Label("A fine-tuning round draws its accuracy and loss here, step by step, while it "
                + "trains.\nHead-only rounds train in one go: their results are in the table and the chart beside.");
        waiting.setId("trainingChartHint");
        waiting.setWrapText(true);
        waiting.setMaxWidth(360);
        waiting.setMouseTransparent(true);
        waiting.setStyle("-fx-background-color: rgba(255,255,255,0.85); -fx-padding: 8;");
        waiting.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.roundsModel().trainingSteps()));
        chart.legendVisibleProperty().bind(waiting.visibleProperty().not()); // nothing to tell apart yet
        javafx.scene.layout.StackPane holder = new javafx.scene.layout.StackPane(chart, waiting);
        HBox.setHgrow(holder, Priority.ALWAYS);
        return holder;
    }

    private static void add(XYChart.Series<Number, Number> series, int x, double y) {
        if (Double.isFinite(y)) {
            series.getData().add(new XYChart.Data<>(x, y));
        }
    }

    private void showRetrainDialog() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Retrain");
        dialog.setHeaderText("A new round with retrain.py's controls");
        ToggleGroup mode = new ToggleGroup();
        RadioButton headOnly = new RadioButton("Head only, on cached features (seconds)");
        headOnly.setId("headOnly");
        headOnly.setToggleGroup(mode);
        headOnly.setSelected(true);
        RadioButton fineTune = new RadioButton("Fine-tune the whole network (minutes)");
        fineTune.setId("fineTune");
        fineTune.setToggleGroup(mode);
        RetrainConfig last = model.roundsModel().lastRetrainConfig().orElse(RetrainConfig.defaults(""));
        TextField steps = field(String.valueOf(last.trainingSteps()));
        TextField rate = field(String.valueOf(last.learningRate()));
        TextField batch = field(String.valueOf(last.batchSize()));
        TextField interval = field(String.valueOf(last.evalInterval()));
        TextField validation = field(String.valueOf(last.validationPercent()));
        TextField testing = field(String.valueOf(last.testingPercent()));
        CheckBox flip = new CheckBox("flip left-right");
        flip.setSelected(last.augmentation().flipLeftRight());
        TextField crop = field(String.valueOf(last.augmentation().randomCrop()));
        TextField scale = field(String.valueOf(last.augmentation().randomScale()));
        TextField brightness = field(String.valueOf(last.augmentation().randomBrightness()));
        fineTune.setSelected(last.fineTune());
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        int row = 0;
        form.addRow(row++, headOnly);
        form.addRow(row++, fineTune);
        form.addRow(row++, new Label("validation %"), validation, new Label("testing %"), testing);
        form.addRow(row++, new Label("training steps"), steps, new Label("learning rate"), rate);
        form.addRow(row++, new Label("batch size"), batch, new Label("eval every"), interval);
        form.addRow(row++, flip);
        form.addRow(row++, new Label("random crop %"), crop, new Label("random scale %"), scale);
        form.addRow(row, new Label("random brightness %"), brightness);
        for (TextField f : new TextField[] {steps, rate, batch, interval, crop, scale, brightness}) {
            f.disableProperty().bind(headOnly.selectedProperty());
        }
        flip.disableProperty().bind(headOnly.selectedProperty());
        dialog.getDialogPane().setContent(form);
        ButtonType start = new ButtonType("Start round", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(start, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(start).setId("retrainConfirm");
        dialog.showAndWait().filter(b -> b == start).ifPresent(b -> {
            try {
                model.roundsModel().retrain(new RetrainConfig("", null, fineTune.isSelected(), Double.parseDouble(rate.getText()),
                        Integer.parseInt(steps.getText()), Integer.parseInt(batch.getText()),
                        Integer.parseInt(interval.getText()), Integer.parseInt(validation.getText()),
                        Integer.parseInt(testing.getText()), new Augmentation(flip.isSelected(),
                        Integer.parseInt(crop.getText()), Integer.parseInt(scale.getText()),
                        Integer.parseInt(brightness.getText())), 42));
            } catch (IllegalArgumentException e) {
                javafx.scene.control.Alert alert = new javafx.scene.control.Alert(
                        javafx.scene.control.Alert.AlertType.WARNING, e.getMessage());
                alert.setHeaderText("Check the numbers");
                alert.show();
            }
        });
    }

    /** The architecture comparison: the seed's table, filled row by row as each architecture is measured. */
    private javafx.scene.control.TitledPane comparison() {
        TableView<ArchitectureComparison.Row> table = new TableView<>(model.roundsModel().comparison());
        table.setId("comparisonTable");
        TableColumn<ArchitectureComparison.Row, String> architecture = rowColumn("Architecture",
                ArchitectureComparison.Row::architecture);
        architecture.setMinWidth(175); // "mobilenet-0.25-128 int8" whole
        architecture.setPrefWidth(210);
        table.getColumns().add(architecture);
        TableColumn<ArchitectureComparison.Row, String> weights = rowColumn("Weights", ArchitectureComparison.Row::weights);
        weights.setPrefWidth(90);
        table.getColumns().add(weights);
        table.getColumns().add(rowColumn("Test accuracy", r -> percent(r.testAccuracy())));
        table.getColumns().add(rowColumn("Model size", r -> ArchitectureComparison.size(r.modelBytes())));
        table.getColumns().add(rowColumn("Featurize img/s", r -> ArchitectureComparison.speed(r.featurizeImagesPerSecond())));
        table.getColumns().add(rowColumn("Forward img/s", r -> ArchitectureComparison.speed(r.forwardImagesPerSecond())));
        table.getColumns().add(rowColumn("Training time", r -> String.format(Locale.ROOT, "%.1f s", r.trainSeconds())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Press Compare architectures… to train and test several backbones on the same "
                + "split (head only; nothing is added to the rounds)."));
        table.setPrefHeight(150);
        table.setMinHeight(130); // the header and at least three architectures
        Button copy = new Button("Copy as Markdown");
        copy.setId("copyComparison");
        copy.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.roundsModel().comparison()));
        copy.setOnAction(e -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(model.roundsModel().comparisonMarkdown());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        javafx.scene.control.TitledPane pane = new javafx.scene.control.TitledPane("Architecture comparison",
                new VBox(6, table, copy));
        pane.setId("comparisonPane");
        pane.setExpanded(false);
        model.roundsModel().comparison().addListener((ListChangeListener<ArchitectureComparison.Row>) c -> {
            if (!model.roundsModel().comparison().isEmpty()) {
                pane.setExpanded(true);
            }
        });
        return pane;
    }

    private static TableColumn<ArchitectureComparison.Row, String> rowColumn(String title,
            Function<ArchitectureComparison.Row, String> value) {
        TableColumn<ArchitectureComparison.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setMinWidth(title.length() * 7.5 + 24); // the header whole, never "Featurize im..."
        return c;
    }

    /** The architectures to compare: the seed's pair by default, any MobileNet or zoo backbone on request. */
    private void showCompareDialog() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Compare architectures");
        dialog.setHeaderText("Train a head for each on the same split and test it on the same images");
        VBox choices = new VBox(6);
        java.util.List<CheckBox> boxes = new java.util.ArrayList<>();
        for (String name : COMPARABLE) {
            CheckBox box = new CheckBox(name);
            box.setId("compare-" + name.replace('.', '_')); // a dot would read as a CSS class
            box.setSelected(DEFAULT_COMPARISON.contains(name));
            boxes.add(box);
            choices.getChildren().add(box);
        }
        TextField other = new TextField();
        other.setId("compareOther");
        other.setPromptText("more, comma-separated (mobilenet-0.75-192, onnx:model.onnx, …)");
        CheckBox int8 = new CheckBox("Also each MobileNet as an int8 model (smaller, faster on phones)");
        int8.setId("compareInt8");
        int8.setSelected(true);
        choices.getChildren().addAll(new Label("Other backbones"), other,
                new Label("Backbones without downloadable weights run from random weights (marked so)."), int8);
        dialog.getDialogPane().setContent(choices);
        ButtonType start = new ButtonType("Compare", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(start, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(start).setId("compareConfirm");
        dialog.showAndWait().filter(b -> b == start).ifPresent(b -> {
            java.util.List<String> names = new java.util.ArrayList<>();
            boxes.stream().filter(CheckBox::isSelected).forEach(box -> names.add(box.getText()));
            for (String name : other.getText().split(",")) {
                if (!name.isBlank() && !names.contains(name.trim())) {
                    names.add(name.trim());
                }
            }
            model.roundsModel().compareArchitectures(names, int8.isSelected());
        });
    }

    private static TextField field(String value) {
        TextField f = new TextField(value);
        f.setPrefColumnCount(6);
        return f;
    }
}
