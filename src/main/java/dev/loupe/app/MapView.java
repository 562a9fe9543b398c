package dev.loupe.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;

/**
 * The Map tab: {@link MapModel}'s points drawn into one image (never one node per point, so 100,000 points pan
 * smoothly), a lasso drawn with the mouse, a card with the thumbnail of the point under the pointer, and the
 * legend. Every action goes through the model.
 */
final class MapView {

    private static final String HELP = "Drag: lasso (Shift adds) · click: select · double-click: to the grid · "
            + "right-drag: pan · wheel: zoom · F: fit · 1-9 U X K: decide";

    private final MapModel model;
    private final Runnable showInGrid;
    private final StackPane root = new StackPane();
    private final Pane canvas = new Pane();
    private final ImageView picture = new ImageView();
    private final Pane overlay = new Pane();
    private final Polyline lasso = new Polyline();
    private final Circle hoverRing = new Circle(7);
    private final VBox card = new VBox(4);
    private final ImageView cardImage = new ImageView();
    private final Label cardText = new Label();
    private final VBox legend = new VBox(2);
    private final java.util.concurrent.ExecutorService thumbnails =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "loupe-map-thumbnail");
                t.setDaemon(true);
                return t;
            });
    private final DatasetViewModel review;
    private WritableImage image;
    private int[] pixels = new int[0];
    private boolean repaintPending;
    private final List<Double> lassoPoints = new ArrayList<>();
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean panning;
    private int hovered = -1;

    MapView(DatasetViewModel review, Runnable showInGrid) {
        this.review = review;
        this.model = review.mapModel();
        this.showInGrid = showInGrid;
        root.setId("map");
        canvas.setId("mapCanvas");
        canvas.getChildren().add(picture);
        canvas.setMinSize(0, 0);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(canvas.widthProperty());
        clip.heightProperty().bind(canvas.heightProperty());
        canvas.setClip(clip);
        lasso.setStroke(Color.web("#d62728"));
        lasso.setStrokeWidth(1.5);
        lasso.getStrokeDashArray().setAll(6.0, 4.0);
        lasso.setFill(Color.web("#d62728", 0.08));
        hoverRing.setFill(Color.TRANSPARENT);
        hoverRing.setStroke(Color.web("#d62728"));
        hoverRing.setStrokeWidth(2);
        hoverRing.setVisible(false);
        overlay.getChildren().addAll(lasso, hoverRing);
        overlay.setMouseTransparent(true);
        canvas.getChildren().add(overlay);

        cardImage.setPreserveRatio(true);
        cardImage.setFitWidth(160);
        cardImage.setFitHeight(160);
        cardText.setWrapText(true);
        cardText.setMaxWidth(220);
        card.getChildren().addAll(cardImage, cardText);
        card.setId("mapCard");
        card.setPadding(new Insets(6));
        card.setStyle("-fx-background-color: white; -fx-border-color: #888888; -fx-effect: dropshadow(gaussian, "
                + "rgba(0,0,0,0.25), 8, 0, 0, 2);");
        card.setMouseTransparent(true);
        card.setManaged(false);
        card.setVisible(false);
        canvas.getChildren().add(card);

        legend.setId("mapLegend");
        legend.setPadding(new Insets(6, 8, 6, 8));
        legend.setMouseTransparent(true);
        legend.setMaxSize(javafx.scene.layout.Region.USE_PREF_SIZE, javafx.scene.layout.Region.USE_PREF_SIZE);
        legend.setStyle("-fx-background-color: rgba(255,255,255,0.88); -fx-border-color: #cccccc;");
        StackPane.setAlignment(legend, Pos.TOP_LEFT);
        StackPane.setMargin(legend, new Insets(8));

        Label help = new Label(HELP);
        help.setStyle("-fx-font-size: 11px; -fx-text-fill: #555555; -fx-background-color: rgba(255,255,255,0.85); "
                + "-fx-padding: 2 6 2 6;");
        help.setMouseTransparent(true);
        StackPane.setAlignment(help, Pos.BOTTOM_LEFT);
        StackPane.setMargin(help, new Insets(4));

        Label notice = new Label();
        notice.setId("mapNotice");
        notice.textProperty().bind(model.noticeProperty());
        notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
        notice.setMouseTransparent(true);
        notice.setStyle("-fx-font-size: 14px; -fx-text-fill: #444444; -fx-background-color: #f4f4f4; -fx-padding: 16;");

        javafx.scene.control.ChoiceBox<MapModel.Layout> layouts = new javafx.scene.control.ChoiceBox<>();
        layouts.setId("mapLayout");
        layouts.getItems().setAll(MapModel.Layout.values());
        layouts.valueProperty().bindBidirectional(model.layoutProperty());
        layouts.setTooltip(new javafx.scene.control.Tooltip("Principal components: instant, the broad picture. "
                + "Neighbours: each image placed near its look-alikes, so groups come apart (seconds)."));
        layouts.setMaxSize(javafx.scene.layout.Region.USE_PREF_SIZE, javafx.scene.layout.Region.USE_PREF_SIZE);
        StackPane.setAlignment(layouts, Pos.TOP_RIGHT);
        StackPane.setMargin(layouts, new Insets(8));
        root.getChildren().addAll(canvas, legend, help, notice, layouts);
        canvas.widthProperty().addListener((obs, old, now) -> resized());
        canvas.heightProperty().addListener((obs, old, now) -> resized());
        model.versionProperty().addListener((obs, old, now) -> repaintSoon());
        wireMouse();
    }

    Node node() {
        return root;
    }

    /** Fits the whole map into view (the F and Home keys). */
    void fit() {
        model.fit();
    }

    private void resized() {
        int w = (int) Math.max(1, Math.floor(canvas.getWidth()));
        int h = (int) Math.max(1, Math.floor(canvas.getHeight()));
        model.resize(w, h);
        repaintSoon();
    }

    /** Repaints once per pulse however many changes arrive (a drag sends many). */
    private void repaintSoon() {
        if (repaintPending) {
            return;
        }
        repaintPending = true;
        javafx.application.Platform.runLater(this::repaint);
    }

    private void repaint() {
        repaintPending = false;
        if (!model.active()) {
            return; // behind another tab: selections and moves there do not redraw 100,000 points; shown, it redraws
        }
        int w = (int) Math.max(1, Math.floor(canvas.getWidth()));
        int h = (int) Math.max(1, Math.floor(canvas.getHeight()));
        if (image == null || (int) image.getWidth() != w || (int) image.getHeight() != h) {
            image = new WritableImage(w, h);
            pixels = new int[w * h];
            picture.setImage(image);
        }
        model.render(pixels, w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        rebuildLegend();
        if (hovered >= model.size()) {
            hover(-1, 0, 0);
        } else if (hovered >= 0) {
            hoverRing.setCenterX(model.screenX(hovered));
            hoverRing.setCenterY(model.screenY(hovered));
        }
    }

    private String legendKey = "";

    private void rebuildLegend() {
        StringBuilder key = new StringBuilder();
        model.legend().forEach(e -> key.append(e.name()).append(e.count()).append(';'));
        if (key.toString().equals(legendKey)) {
            return;
        }
        legendKey = key.toString();
        legend.getChildren().clear();
        legend.setVisible(!model.legend().isEmpty() && model.size() > 0);
        for (MapModel.LegendEntry e : model.legend()) {
            Rectangle swatch = new Rectangle(10, 10, Color.rgb((e.argb() >> 16) & 255, (e.argb() >> 8) & 255,
                    e.argb() & 255));
            Label name = new Label(e.name() + "  " + e.count());
            name.setStyle("-fx-font-size: 12px;");
            HBox row = new HBox(6, swatch, name);
            row.setAlignment(Pos.CENTER_LEFT);
            legend.getChildren().add(row);
        }
        legend.getChildren().addAll(keyRow("#202020", 2, "ringed: suspect not yet decided"),
                keyRow("#e4007c", 3, "selected (what the keys act on)"));
    }

    /** A legend row for a kind of ring. */
    private static HBox keyRow(String colour, double width, String text) {
        Rectangle ring = new Rectangle(10, 10, Color.WHITE);
        ring.setStroke(Color.web(colour));
        ring.setStrokeWidth(width);
        Label label = new Label(text);
        label.setStyle("-fx-font-size: 11px; -fx-text-fill: #555555;");
        HBox row = new HBox(6, ring, label);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void wireMouse() {
        canvas.setOnMousePressed(e -> {
            pressX = e.getX();
            pressY = e.getY();
            lastX = e.getX();
            lastY = e.getY();
            panning = e.getButton() != MouseButton.PRIMARY;
            lassoPoints.clear();
            if (!panning) {
                lassoPoints.add(e.getX());
                lassoPoints.add(e.getY());
            }
            canvas.requestFocus();
        });
        canvas.setOnMouseDragged(e -> {
            if (panning) {
                model.panBy(e.getX() - lastX, e.getY() - lastY);
            } else if (Math.hypot(e.getX() - lastX, e.getY() - lastY) >= 3) {
                lassoPoints.add(e.getX());
                lassoPoints.add(e.getY());
                lasso.getPoints().setAll(lassoPoints);
                lasso.getPoints().addAll(lassoPoints.get(0), lassoPoints.get(1));
            } else {
                return;
            }
            lastX = e.getX();
            lastY = e.getY();
            hover(-1, 0, 0);
        });
        canvas.setOnMouseReleased(e -> {
            boolean moved = Math.hypot(e.getX() - pressX, e.getY() - pressY) > 4;
            if (!panning && moved && lassoPoints.size() >= 6) {
                double[] xs = new double[lassoPoints.size() / 2];
                double[] ys = new double[xs.length];
                for (int k = 0; k < xs.length; k++) {
                    xs[k] = lassoPoints.get(2 * k);
                    ys[k] = lassoPoints.get(2 * k + 1);
                }
                model.lasso(xs, ys, e.isShortcutDown() || e.isShiftDown());
            } else if (!panning && !moved) {
                if (model.click(e.getX(), e.getY()) && e.getClickCount() >= 2) {
                    showInGrid.run();
                }
            }
            lasso.getPoints().clear();
            lassoPoints.clear();
            panning = false;
        });
        canvas.setOnMouseMoved(this::hoverAt);
        canvas.setOnMouseExited(e -> hover(-1, 0, 0));
        canvas.setOnScroll(e -> {
            if (e.getDeltaY() == 0) {
                return;
            }
            double notches = e.getDeltaY() / (e.getMultiplierY() > 0 ? e.getMultiplierY() : 40);
            model.zoomAt(Math.pow(1.25, notches), e.getX(), e.getY());
            e.consume();
        });
    }

    private void hoverAt(MouseEvent e) {
        hover(model.pointAt(e.getX(), e.getY()), e.getX(), e.getY());
    }

    /** Shows the card of point {@code i} near the pointer, or hides it ({@code i < 0}). */
    private void hover(int i, double sx, double sy) {
        if (i < 0) {
            hovered = -1;
            hoverRing.setVisible(false);
            card.setVisible(false);
            return;
        }
        ImageTile tile = model.tile(i);
        hoverRing.setCenterX(model.screenX(i));
        hoverRing.setCenterY(model.screenY(i));
        hoverRing.setVisible(true);
        if (i != hovered) {
            hovered = i;
            cardImage.setImage(null);
            StringBuilder text = new StringBuilder(tile.path()).append("\nfiled as ").append(tile.label());
            if (tile.predicted() != null) {
                text.append(String.format(Locale.ROOT, "\nlooks like %s (%.0f%%)", tile.predicted(),
                        100 * tile.confidence()));
            }
            if (tile.suspect()) {
                text.append("\n").append(tile.kind().toString().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
            if (tile.reviewed()) {
                text.append(" · decided (").append(tile.decision()).append(")");
            }
            cardText.setText(text.toString());
            loadThumbnail(tile);
        }
        card.applyCss();
        card.autosize();
        double w = card.getWidth() > 0 ? card.getWidth() : 220;
        double h = card.getHeight() > 0 ? card.getHeight() : 260;
        double cx = sx + 16 + w > canvas.getWidth() ? sx - 16 - w : sx + 16;
        double cy = Math.max(4, Math.min(canvas.getHeight() - h - 4, sy - h / 2));
        card.relocate(Math.max(4, cx), cy);
        card.setVisible(true);
    }

    private void loadThumbnail(ImageTile tile) {
        dev.loupe.imaging.ThumbnailCache cache = review.thumbnailCache().orElse(null);
        thumbnails.execute(() -> {
            java.nio.file.Path source = cache == null ? tile.file() : cache.get(tile.sha256(), tile.file())
                    .orElse(tile.file());
            Image thumb = new Image(source.toUri().toString(), 160, 160, true, true, false);
            javafx.application.Platform.runLater(() -> {
                if (hovered >= 0 && hovered < model.size() && model.tile(hovered).sha256().equals(tile.sha256())) {
                    cardImage.setImage(thumb);
                }
            });
        });
    }
}
