package dev.loupe.app;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;

/** The right-hand pane: the selected image, its file facts, the model's verdict and the reviewer's decision. */
final class DetailsPane {

    private final DatasetViewModel model;

    DetailsPane(DatasetViewModel model) {
        this.model = model;
    }


    javafx.scene.Node node() {
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

    static String describe(ImageTile t) {
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
        // Exact copies share one score, so the list can name this very file: it is left out.
        java.util.List<String> elsewhere = t.duplicates().stream().filter(d -> !d.equals(t.path())).toList();
        if (!elsewhere.isEmpty()) {
            s.append("Same picture filed elsewhere:\n");
            elsewhere.forEach(d -> s.append("  ").append(d).append('\n'));
        }
        if (t.reviewed()) {
            s.append("Reviewed.\n");
        }
        return s.toString();
    }
}
