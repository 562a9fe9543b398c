package dev.loupe.app;

import impl.org.controlsfx.skin.GridViewSkin;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;

/**
 * Rubber-band selection over the thumbnail grid, as in a file manager: press on empty space between or around
 * the tiles and drag; every tile the band touches is selected (added to the selection with Ctrl). Holding the
 * pointer near or past the top or bottom edge scrolls the grid, and the band stays anchored where it started,
 * so it selects tiles that have scrolled out of view too. A click on empty space clears the selection.
 * Dragging a tile itself still moves images.
 *
 * <p>The grid is virtual (only the rows on screen exist), so the band is kept in content coordinates and the
 * tiles under it are found by arithmetic on the grid's layout, measured from the tiles on screen.
 */
final class RubberBand {

    /** Distance from the top or bottom edge within which the grid starts scrolling. */
    private static final double EDGE = 24;
    /** Fastest scrolling, in pixels per frame. */
    private static final double MAX_STEP = 40;

    private final GridView<ImageTile> grid;
    private final DatasetViewModel model;
    private final StackPane holder;
    private final Rectangle band = new Rectangle();
    private final AnimationTimer scroller;

    private boolean active;
    private boolean moved;
    private double anchorX;
    /** Where the band started, in content coordinates (grid pixels from the top of the first row). */
    private double anchorY;
    private Point2D pointer;
    private List<String> kept = List.of();

    RubberBand(GridView<ImageTile> grid, DatasetViewModel model) {
        this.grid = grid;
        this.model = model;
        band.setId("rubberBand");
        band.setManaged(false);
        band.setMouseTransparent(true);
        band.setVisible(false);
        band.setFill(Color.web("#2a6edb", 0.15));
        band.setStroke(Color.web("#2a6edb"));
        holder = new StackPane(grid, band);
        holder.addEventFilter(MouseEvent.MOUSE_PRESSED, this::pressed);
        holder.addEventFilter(MouseEvent.MOUSE_DRAGGED, this::dragged);
        holder.addEventFilter(MouseEvent.MOUSE_RELEASED, this::released);
        scroller = new AnimationTimer() {
            @Override
            public void handle(long now) {
                autoScroll();
            }
        };
    }

    /** The grid with the band drawn over it. */
    StackPane node() {
        return holder;
    }

    /** Whether a band is being drawn (tiles then do not start drag-and-drop). */
    boolean active() {
        return active;
    }

    private void pressed(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || startsOnTileOrScrollBar(e)) {
            return;
        }
        Point2D at = holder.sceneToLocal(e.getSceneX(), e.getSceneY());
        Layout layout = Layout.measure(grid, holder);
        active = true;
        moved = false;
        anchorX = at.getX();
        anchorY = at.getY() + (layout == null ? 0 : layout.scrollTop());
        pointer = at;
        kept = e.isShortcutDown() ? List.copyOf(model.selection()) : List.of();
    }

    private void dragged(MouseEvent e) {
        if (!active) {
            return;
        }
        pointer = holder.sceneToLocal(e.getSceneX(), e.getSceneY());
        moved = true;
        update();
        scroller.start();
        e.consume();
    }

    private void released(MouseEvent e) {
        if (!active) {
            return;
        }
        scroller.stop();
        if (!moved && !e.isShortcutDown()) {
            model.selectBand(List.of(), List.of());
        }
        active = false;
        band.setVisible(false);
        grid.requestFocus();
    }

    /** Scrolls while the pointer is held near or past the top or bottom edge. */
    private void autoScroll() {
        if (!active || pointer == null) {
            scroller.stop();
            return;
        }
        double y = pointer.getY();
        double step = y < EDGE ? -(EDGE - y) : y > holder.getHeight() - EDGE ? y - (holder.getHeight() - EDGE) : 0;
        if (step == 0) {
            return;
        }
        VirtualFlow<?> flow = grid.lookup(".virtual-flow") instanceof VirtualFlow<?> f ? f : null;
        if (flow == null) {
            return;
        }
        flow.scrollPixels(Math.max(-MAX_STEP, Math.min(MAX_STEP, step / 2)));
        grid.layout();
        update();
    }

    /** Draws the band's part on screen and selects every tile it touches, on screen or not. */
    private void update() {
        Layout layout = Layout.measure(grid, holder);
        double scrollTop = layout == null ? 0 : layout.scrollTop();
        double x0 = Math.min(anchorX, pointer.getX());
        double x1 = Math.max(anchorX, pointer.getX());
        double y0 = Math.min(anchorY, pointer.getY() + scrollTop);
        double y1 = Math.max(anchorY, pointer.getY() + scrollTop);
        double top = Math.max(0, y0 - scrollTop);
        double left = Math.max(0, x0);
        band.relocate(left, top);
        band.setWidth(Math.max(0, Math.min(holder.getWidth(), x1) - left));
        band.setHeight(Math.max(0, Math.min(holder.getHeight(), y1 - scrollTop) - top));
        band.setVisible(true);
        model.selectBand(kept, layout == null ? List.of() : layout.tilesIn(grid.getItems(), x0, y0, x1, y1));
    }

    private boolean startsOnTileOrScrollBar(MouseEvent e) {
        for (Node n = e.getPickResult().getIntersectedNode(); n != null && n != holder; n = n.getParent()) {
            if (n.getStyleClass().contains("tile-box") || n instanceof ScrollBar) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where every tile sits, in content coordinates, measured from one tile on screen: rows are {@code pitch}
     * apart, columns {@code columnPitch} apart, and each tile's box has the same size and place in its cell.
     */
    record Layout(double scrollTop, double pitch, int columns, double firstBoxX, double columnPitch, double boxWidth,
                  double boxTop, double boxBottom) {

        /** The layout of the grid as it is on screen now, or {@code null} when no tile is on screen. */
        static Layout measure(GridView<?> grid, Node holder) {
            if (!(grid.getSkin() instanceof GridViewSkin<?> skin)) {
                return null;
            }
            int columns = Math.max(1, skin.computeMaxCellsInRow());
            Bounds first = null;
            Bounds second = null;
            int firstColumn = 0;
            IndexedCell<?> firstRow = null;
            for (Node n : grid.lookupAll(".tile-box")) {
                GridCell<?> cell = ancestor(n, GridCell.class);
                IndexedCell<?> row = cell == null ? null : rowOf(cell);
                if (cell == null || row == null || cell.getItem() == null || cell.getIndex() < 0 || !shown(cell, holder)) {
                    continue;
                }
                Bounds box = holder.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
                if (first == null) {
                    first = box;
                    firstRow = row;
                    firstColumn = cell.getIndex() % columns;
                } else if (second == null && row == firstRow && cell.getIndex() % columns == firstColumn + 1) {
                    second = box;
                }
            }
            if (first == null) {
                return null;
            }
            Bounds rowBounds = holder.sceneToLocal(firstRow.localToScene(firstRow.getBoundsInLocal()));
            double pitch = rowBounds.getHeight();
            double columnPitch = second != null ? second.getMinX() - first.getMinX()
                    : grid.getCellWidth() + 2 * grid.getHorizontalCellSpacing();
            double scrollTop = firstRow.getIndex() * pitch - rowBounds.getMinY();
            return new Layout(scrollTop, pitch, columns, first.getMinX() - firstColumn * columnPitch, columnPitch,
                    first.getWidth(), first.getMinY() - rowBounds.getMinY(), first.getMaxY() - rowBounds.getMinY());
        }

        /** The paths of the tiles whose boxes touch the rectangle (content coordinates), in grid order. */
        List<String> tilesIn(List<ImageTile> items, double x0, double y0, double x1, double y1) {
            List<String> out = new ArrayList<>();
            int firstRow = Math.max(0, (int) Math.floor((y0 - boxBottom) / pitch));
            int lastRow = (int) Math.floor((y1 - boxTop) / pitch);
            for (int r = firstRow; r <= lastRow; r++) {
                double top = r * pitch + boxTop;
                double bottom = r * pitch + boxBottom;
                if (bottom < y0 || top > y1) {
                    continue;
                }
                for (int c = 0; c < columns; c++) {
                    int index = r * columns + c;
                    if (index >= items.size()) {
                        return out;
                    }
                    double left = firstBoxX + c * columnPitch;
                    if (left + boxWidth >= x0 && left <= x1) {
                        out.add(items.get(index).path());
                    }
                }
            }
            return out;
        }

        private static <T> T ancestor(Node node, Class<T> type) {
            for (Node n = node; n != null; n = n.getParent()) {
                if (type.isInstance(n)) {
                    return type.cast(n);
                }
            }
            return null;
        }

        /** The grid row holding a cell: the nearest enclosing indexed cell that is not itself a tile. */
        private static IndexedCell<?> rowOf(GridCell<?> cell) {
            for (Node n = cell.getParent(); n != null; n = n.getParent()) {
                if (n instanceof IndexedCell<?> row && !(n instanceof GridCell)) {
                    return row;
                }
            }
            return null;
        }

        /** Whether a cell is on screen: the grid keeps spare cells and rows around, hidden, for reuse. */
        private static boolean shown(Node cell, Node holder) {
            for (Node n = cell; n != null && n != holder; n = n.getParent()) {
                if (!n.isVisible()) {
                    return false;
                }
            }
            Bounds bounds = holder.sceneToLocal(cell.localToScene(cell.getBoundsInLocal()));
            return bounds.getMaxY() > 0 && bounds.getMinY() < holder.getLayoutBounds().getHeight();
        }
    }
}
