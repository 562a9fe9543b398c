package dev.loupe.app;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.shape.Rectangle;

/**
 * The loupe on screen, over the grid: each image of {@link LoupeModel#shown()} in its own viewer, fitted or at
 * the model's zoom, panned by dragging and zoomed with the wheel around the pointer; compared images share one
 * zoom and one pan.
 */
final class LoupeView {

    /** Images larger than this (per side) are shown downscaled to it: memory stays bounded. */
    private static final int MAX_SIDE = 6000;

    private final LoupeModel model;
    private final BorderPane root = new BorderPane();
    private final HBox viewers = new HBox(6);
    private final List<Viewer> shown = new ArrayList<>();
    /** Shared pan of every viewer, in screen pixels from centred. */
    private double panX;
    private double panY;

    LoupeView(LoupeModel model) {
        this.model = model;
        root.setId("loupe");
        root.setStyle("-fx-background-color: #202020;");
        Label caption = new Label();
        caption.setId("loupeCaption");
        caption.textProperty().bind(model.captionProperty());
        caption.setStyle("-fx-text-fill: white; -fx-font-size: 13px;");
        Label keys = new Label("Z 1:1 / fit · wheel zoom · drag to pan · ← → previous / next · 1-9 U X K decide · "
                + "C compare · Esc back to the grid");
        keys.setStyle("-fx-text-fill: #bbbbbb; -fx-font-size: 11px;");
        javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(2, caption, keys);
        top.setPadding(new Insets(6, 10, 6, 10));
        root.setTop(top);
        viewers.setPadding(new Insets(6));
        viewers.setAlignment(Pos.CENTER);
        root.setCenter(viewers);
        root.visibleProperty().bind(model.openProperty());
        root.managedProperty().bind(model.openProperty());
        model.shown().addListener((javafx.collections.ListChangeListener<ImageTile>) c -> rebuild());
        model.zoomProperty().addListener((obs, old, now) -> layoutAll());
        model.openProperty().addListener((obs, old, now) -> {
            panX = 0;
            panY = 0;
        });
    }

    Node node() {
        return root;
    }

    private void rebuild() {
        viewers.getChildren().clear();
        shown.clear();
        for (ImageTile tile : model.shown()) {
            Viewer v = new Viewer(tile);
            shown.add(v);
            viewers.getChildren().add(v.pane);
            HBox.setHgrow(v.pane, Priority.ALWAYS);
        }
        layoutAll();
    }

    private void layoutAll() {
        shown.forEach(Viewer::place);
    }

    /** One image: clipped to its pane, placed by the shared zoom and pan. */
    private final class Viewer {
        private final Pane pane = new Pane();
        private final ImageView view = new ImageView();
        private final Image image;
        private double dragX;
        private double dragY;

        Viewer(ImageTile tile) {
            boolean huge = tile.width() > MAX_SIDE || tile.height() > MAX_SIDE;
            image = new Image(tile.file().toUri().toString(), huge ? MAX_SIDE : 0, huge ? MAX_SIDE : 0, true, true, true);
            image.progressProperty().addListener((obs, old, now) -> place());
            view.setImage(image);
            view.setPreserveRatio(true);
            view.setSmooth(true);
            pane.getChildren().add(view);
            pane.setMinSize(0, 0);
            pane.setPrefSize(0, 0); // compared images share the width equally, whatever their sizes
            pane.getStyleClass().add("loupe-viewer");
            Rectangle clip = new Rectangle();
            clip.widthProperty().bind(pane.widthProperty());
            clip.heightProperty().bind(pane.heightProperty());
            pane.setClip(clip);
            pane.widthProperty().addListener((obs, old, now) -> place());
            pane.heightProperty().addListener((obs, old, now) -> place());
            pane.setOnMousePressed(e -> {
                dragX = e.getX();
                dragY = e.getY();
            });
            pane.setOnMouseDragged(e -> {
                panX += e.getX() - dragX;
                panY += e.getY() - dragY;
                dragX = e.getX();
                dragY = e.getY();
                layoutAll();
            });
            pane.setOnScroll(e -> {
                if (e.getDeltaY() == 0) {
                    return;
                }
                double before = effectiveZoom();
                double notches = e.getDeltaY() / (e.getMultiplierY() > 0 ? e.getMultiplierY() : 40);
                model.zoomBy(Math.pow(1.25, notches), before);
                double after = effectiveZoom();
                // Keep the image point under the pointer where it is.
                double dx = e.getX() - pane.getWidth() / 2;
                double dy = e.getY() - pane.getHeight() / 2;
                panX = dx - (dx - panX) * after / before;
                panY = dy - (dy - panY) * after / before;
                layoutAll();
                e.consume();
            });
        }

        double fitZoom() {
            if (image.getWidth() <= 0 || pane.getWidth() <= 0) {
                return 1;
            }
            return Math.min(pane.getWidth() / image.getWidth(), pane.getHeight() / image.getHeight());
        }

        double effectiveZoom() {
            double z = model.zoomProperty().get();
            return z == LoupeModel.FIT ? fitZoom() : z;
        }

        void place() {
            if (image.getWidth() <= 0) {
                return;
            }
            double z = effectiveZoom();
            double w = image.getWidth() * z;
            double h = image.getHeight() * z;
            view.setFitWidth(w);
            view.setFitHeight(h);
            boolean fit = model.zoomProperty().get() == LoupeModel.FIT;
            view.setLayoutX((pane.getWidth() - w) / 2 + (fit ? 0 : panX));
            view.setLayoutY((pane.getHeight() - h) / 2 + (fit ? 0 : panY));
        }
    }
}
