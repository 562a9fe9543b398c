package dev.loupe.sample;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Draws one photo-like synthetic scene with Java2D: perspective ground, sky and light, weather, and the
 * clutter that makes a classifier learn real cues (lane markings and cars for roads; trees, water, walls
 * and objects otherwise). Everything is decided by the given random source, so a seed gives the same
 * pixels every time.
 */
final class SceneRenderer {

    private final int w;
    private final int h;
    private final SplittableRandom r;
    private final BufferedImage image;
    private final Graphics2D g;

    /** Light of the scene: 1 is a bright day, lower is dusk or night. */
    private double light;
    private Weather weather;

    private enum Weather { CLEAR, OVERCAST, FOG, RAIN, SNOW }

    SceneRenderer(int width, int height, SplittableRandom random) {
        this.w = width;
        this.h = height;
        this.r = random;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    BufferedImage render(SceneKind kind) {
        light = pickNumber(0.3, 1.0, 1.0, 0.95, 0.85, 0.75, 0.55, 0.4);
        weather = Weather.values()[r.nextInt(Weather.values().length)];
        if (kind == SceneKind.ROOM || kind == SceneKind.OBJECT) {
            weather = Weather.CLEAR;
        }
        switch (kind) {
            case HIGHWAY -> road(true, false);
            case COUNTRY_ROAD -> road(false, false);
            case CITY_STREET -> road(r.nextBoolean(), true);
            case PARKING_LOT -> parkingLot();
            case LANDSCAPE -> landscape();
            case FOREST -> forest();
            case WATER -> water();
            case BUILDING -> building();
            case ROOM -> room();
            case OBJECT -> object();
            case TRAIL -> trail();
            case RAILWAY -> railway();
            default -> throw new IllegalStateException("no renderer for " + kind);
        }
        atmosphere();
        finish();
        g.dispose();
        return image;
    }

    // ---------------------------------------------------------------- scenes

    private void road(boolean highway, boolean city) {
        double horizon = h * range(0.32, 0.55);
        double vx = w * range(0.3, 0.7);
        double curve = range(-0.5, 0.5) * w * (highway ? 0.4 : 1);
        sky(horizon);
        if (city) {
            ground(horizon, gray(0.45));
        } else {
            distantHills(horizon);
            ground(horizon, grass());
        }
        // Every road has at least two lanes and a centre line: the cue that tells a road from a trail.
        int lanes = highway ? 2 + r.nextInt(3) : 2;
        double halfBottom = w * (highway ? range(0.55, 0.9) : range(0.35, 0.6));
        Color asphalt = shade(gray(range(0.25, 0.45)), light);
        if (weather == Weather.SNOW) {
            asphalt = mix(asphalt, Color.WHITE, 0.25);
        }
        Road road = new Road(horizon, vx, curve, halfBottom);
        if (city) {
            sidewalksAndBuildings(road);
        } else {
            verges(road, highway);
        }
        fillStrip(road, -1, 1, asphalt);
        asphaltTexture(road);
        Color paint = shade(r.nextInt(4) == 0 ? new Color(230, 190, 40) : new Color(235, 235, 225), light * 1.1);
        double edge = 0.96;
        if (highway || r.nextInt(4) > 0) {
            stripe(road, -edge, 0.012, paint, false);
            stripe(road, edge, 0.012, paint, false);
        }
        for (int lane = 1; lane < lanes; lane++) {
            double at = -1 + 2.0 * lane / lanes;
            boolean solid = !highway && lanes == 2 && r.nextInt(3) == 0;
            stripe(road, at, 0.014, paint, !solid);
        }
        int cars = r.nextInt(highway ? 5 : 3) + (city ? 1 : 0);
        for (int i = 0; i < cars; i++) {
            double lane = -1 + (2.0 * r.nextInt(lanes) + 1) / lanes;
            car(road, lane * 0.9, range(0.08, 0.75));
        }
        if (!city) {
            poles(road, r.nextBoolean());
        }
    }

    private void parkingLot() {
        double horizon = h * range(0.25, 0.45);
        sky(horizon);
        treeLine(horizon, 0.06);
        ground(horizon, shade(gray(range(0.3, 0.45)), light));
        Road lot = new Road(horizon, w * range(0.35, 0.65), range(-0.1, 0.1) * w, w * range(1.2, 2.0));
        asphaltTexture(lot);
        Color paint = shade(new Color(230, 230, 220), light);
        int rows = 2 + r.nextInt(2);
        for (int row = 0; row < rows; row++) {
            double tNear = range(0.25, 0.9) / (row + 1);
            double tFar = tNear * range(0.6, 0.75);
            for (double at = -0.95; at <= 0.95; at += range(0.14, 0.2)) {
                double x1 = lot.x(tNear, at);
                double x2 = lot.x(tFar, at);
                g.setColor(paint);
                g.setStroke(new BasicStroke((float) Math.max(0.6, 1.5 * tNear)));
                g.draw(new java.awt.geom.Line2D.Double(x1, lot.y(tNear), x2, lot.y(tFar)));
                if (r.nextInt(3) > 0) {
                    car(lot, at + 0.08, (tNear + tFar) / 2);
                }
            }
        }
        if (r.nextBoolean()) {
            poles(lot, true);
        }
    }

    private void landscape() {
        double horizon = h * range(0.35, 0.6);
        sky(horizon);
        int layers = 2 + r.nextInt(3);
        for (int i = 0; i < layers; i++) {
            double depth = (double) (layers - i) / layers;
            Color c = mix(shade(new Color(70 + r.nextInt(40), 90 + r.nextInt(40), 110 + r.nextInt(50)), light),
                    skyColor(), depth * 0.6);
            ridge(horizon - h * range(0.05, 0.3) * depth, horizon + 2, c, range(0.03, 0.12) * h);
        }
        ground(horizon, r.nextInt(4) == 0 ? sand() : grass());
        meadowTexture(horizon);
        int bushes = r.nextInt(6);
        for (int i = 0; i < bushes; i++) {
            double t = range(0.15, 1);
            double y = horizon + (h - horizon) * t;
            tree(range(0, w), y, t * h * range(0.2, 0.5));
        }
    }

    private void forest() {
        double horizon = h * range(0.2, 0.5);
        sky(horizon);
        ground(horizon, shade(new Color(70 + r.nextInt(30), 60 + r.nextInt(30), 30), light));
        int trees = 25 + r.nextInt(30);
        double[] ts = new double[trees];
        for (int i = 0; i < trees; i++) {
            ts[i] = range(0.05, 1);
        }
        java.util.Arrays.sort(ts);
        for (double t : ts) {
            double y = horizon + (h - horizon) * t;
            double trunk = Math.max(1.5, t * w * range(0.03, 0.07));
            g.setColor(shade(new Color(70 + r.nextInt(30), 50 + r.nextInt(20), 30), light * (0.5 + t / 2)));
            double x = range(-0.1, 1.1) * w;
            g.fill(new Rectangle2D.Double(x - trunk / 2, -10, trunk, y + 10));
            Color leaves = shade(new Color(30 + r.nextInt(40), 80 + r.nextInt(60), 30 + r.nextInt(30)),
                    light * (0.5 + t / 2));
            blob(x, y - h * range(0.4, 0.8) * t - 5, w * range(0.1, 0.25) * (0.4 + t), leaves, 5);
        }
        meadowTexture(horizon);
    }

    private void water() {
        double horizon = h * range(0.3, 0.55);
        sky(horizon);
        if (r.nextBoolean()) {
            ridge(horizon - h * range(0.05, 0.2), horizon + 1, mix(shade(new Color(60, 80, 70), light), skyColor(),
                    0.4), h * 0.05);
        }
        Color sea = shade(new Color(30 + r.nextInt(40), 70 + r.nextInt(50), 110 + r.nextInt(60)), light);
        g.setPaint(new GradientPaint(0, (float) horizon, mix(sea, skyColor(), 0.4), 0, h, sea));
        g.fill(new Rectangle2D.Double(0, horizon, w, h - horizon));
        for (int i = 0; i < 120; i++) {
            double t = Math.pow(r.nextDouble(), 1.5);
            double y = horizon + (h - horizon) * t;
            double len = (2 + r.nextDouble() * 14) * (0.3 + t);
            g.setColor(alpha(r.nextBoolean() ? skyColor() : sea.darker(), 0.5));
            g.setStroke(new BasicStroke((float) Math.max(0.5, t * 1.5)));
            double x = range(0, w);
            g.draw(new java.awt.geom.Line2D.Double(x, y, x + len, y));
        }
        if (r.nextBoolean()) {
            double shore = horizon + (h - horizon) * range(0.6, 0.9);
            Path2D beach = new Path2D.Double();
            beach.moveTo(0, h);
            beach.lineTo(0, shore);
            for (int x = 0; x <= w; x += 8) {
                beach.lineTo(x, shore + Math.sin(x * 0.05 + r.nextDouble()) * 3);
            }
            beach.lineTo(w, h);
            beach.closePath();
            g.setColor(sand());
            g.fill(beach);
        }
        if (r.nextInt(3) == 0) {
            double t = range(0.1, 0.5);
            double y = horizon + (h - horizon) * t;
            double x = range(0.1, 0.9) * w;
            double s = t * w * 0.3;
            g.setColor(shade(Color.WHITE, light));
            g.fill(new Polygon(new int[] {(int) x, (int) (x + s), (int) (x + s * 0.8), (int) (x + s * 0.1)},
                    new int[] {(int) y, (int) y, (int) (y + s * 0.2), (int) (y + s * 0.2)}, 4));
            g.fill(new Polygon(new int[] {(int) (x + s * 0.45), (int) (x + s * 0.45), (int) (x + s * 0.8)},
                    new int[] {(int) y, (int) (y - s * 0.7), (int) y}, 3));
        }
    }

    private void building() {
        double horizon = h * range(0.6, 0.9);
        sky(horizon);
        ground(horizon, shade(gray(range(0.5, 0.7)), light));
        int blocks = 1 + r.nextInt(3);
        double x = range(-0.2, 0.1) * w;
        for (int b = 0; b < blocks && x < w; b++) {
            double bw = w * range(0.35, 0.9);
            double top = h * range(-0.2, 0.3);
            Color wall = shade(pick(new Color(180, 160, 140), new Color(150, 70, 60), new Color(200, 200, 190),
                    new Color(120, 120, 130), new Color(210, 190, 150)), light);
            g.setColor(wall);
            g.fill(new Rectangle2D.Double(x, top, bw, horizon - top));
            double ww = range(6, 14);
            double wh = ww * range(1, 1.8);
            Color glass = shade(new Color(60 + r.nextInt(60), 90 + r.nextInt(60), 120 + r.nextInt(60)), light);
            for (double wy = top + wh * 0.6; wy + wh < horizon - 6; wy += wh * 1.6) {
                for (double wx = x + ww * 0.6; wx + ww < x + bw; wx += ww * 1.7) {
                    g.setColor(light < 0.4 && r.nextInt(3) == 0 ? new Color(250, 220, 140) : glass);
                    g.fill(new Rectangle2D.Double(wx, wy, ww, wh));
                    g.setColor(wall.darker());
                    g.draw(new Rectangle2D.Double(wx, wy, ww, wh));
                }
            }
            g.setColor(wall.darker().darker());
            g.fill(new Rectangle2D.Double(x + bw * range(0.3, 0.6), horizon - wh * 1.8, ww * 1.4, wh * 1.8));
            x += bw + range(0, 0.1) * w;
        }
        if (r.nextBoolean()) {
            tree(range(0, w), horizon + 2, h * range(0.3, 0.6));
        }
    }

    private void room() {
        double backTop = h * range(0.1, 0.3);
        double backBottom = h * range(0.55, 0.75);
        double backLeft = w * range(0.15, 0.35);
        double backRight = w * range(0.65, 0.85);
        Color wall = shade(pick(new Color(230, 220, 200), new Color(200, 210, 220), new Color(220, 200, 170),
                new Color(190, 200, 180)), light * 0.9 + 0.1);
        Color floor = pick(new Color(150, 110, 70), new Color(120, 120, 120), new Color(170, 140, 100),
                new Color(90, 70, 60));
        g.setColor(wall.darker());
        g.fill(new Rectangle2D.Double(0, 0, w, h));
        g.setColor(wall);
        g.fill(new Rectangle2D.Double(backLeft, backTop, backRight - backLeft, backBottom - backTop));
        g.setColor(mix(wall, Color.WHITE, 0.3));
        g.fill(new Polygon(new int[] {0, w, (int) backRight, (int) backLeft},
                new int[] {0, 0, (int) backTop, (int) backTop}, 4));
        g.setColor(floor);
        g.fill(new Polygon(new int[] {0, w, (int) backRight, (int) backLeft},
                new int[] {h, h, (int) backBottom, (int) backBottom}, 4));
        g.setColor(alpha(floor.darker(), 0.5));
        for (int i = -6; i <= 6; i++) {
            double xb = w / 2.0 + i * w / 6.0;
            double xf = (backLeft + backRight) / 2 + i * (backRight - backLeft) / 12.0;
            g.draw(new java.awt.geom.Line2D.Double(xb, h, xf, backBottom));
        }
        if (r.nextBoolean()) {
            double wx = range(backLeft, backRight - 30);
            Rectangle2D window = new Rectangle2D.Double(wx, backTop + 8, 28, 26);
            g.setPaint(new GradientPaint(0, (float) window.getY(), new Color(150, 190, 240), 0,
                    (float) window.getMaxY(), new Color(220, 235, 250)));
            g.fill(window);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(2));
            g.draw(window);
        } else {
            g.setColor(pick(new Color(180, 60, 50), new Color(50, 90, 150), new Color(60, 120, 70)));
            g.fill(new Rectangle2D.Double(range(backLeft, backRight - 25), backTop + 10, 22, 16));
        }
        Color furniture = pick(new Color(110, 70, 40), new Color(60, 60, 70), new Color(150, 50, 50),
                new Color(70, 100, 140));
        double sx = range(0.05, 0.5) * w;
        double sy = backBottom + (h - backBottom) * range(0.3, 0.7);
        double sw = w * range(0.3, 0.5);
        g.setColor(furniture);
        g.fill(new RoundRectangle2D.Double(sx, sy - h * 0.18, sw, h * 0.18, 8, 8));
        g.setColor(furniture.darker());
        g.fill(new Rectangle2D.Double(sx, sy - h * 0.3, sw, h * 0.13));
        if (r.nextBoolean()) {
            g.setColor(pick(new Color(160, 120, 80), new Color(230, 230, 230)));
            double tx = range(0.4, 0.8) * w;
            g.fill(new Rectangle2D.Double(tx, sy - h * 0.1, w * 0.22, 4));
            g.fill(new Rectangle2D.Double(tx + 2, sy - h * 0.1, 3, h * 0.12));
            g.fill(new Rectangle2D.Double(tx + w * 0.22 - 5, sy - h * 0.1, 3, h * 0.12));
        }
        lamp(backLeft + (backRight - backLeft) * range(0.1, 0.9), backTop);
    }

    private void object() {
        Color back = pick(new Color(200, 195, 185), new Color(90, 100, 110), new Color(160, 140, 120),
                new Color(220, 225, 230));
        double table = h * range(0.5, 0.75);
        g.setPaint(new GradientPaint(0, 0, back, 0, (float) table, back.darker()));
        g.fill(new Rectangle2D.Double(0, 0, w, table));
        Color top = pick(new Color(140, 100, 60), new Color(230, 230, 225), new Color(80, 80, 85));
        g.setPaint(new GradientPaint(0, (float) table, top, 0, h, top.darker()));
        g.fill(new Rectangle2D.Double(0, table, w, h - table));
        int objects = 1 + r.nextInt(3);
        for (int i = 0; i < objects; i++) {
            double cx = range(0.2, 0.8) * w;
            double size = h * range(0.2, 0.45);
            double base = table + (h - table) * range(0.2, 0.7);
            Color c = new Color(40 + r.nextInt(200), 40 + r.nextInt(200), 40 + r.nextInt(200));
            g.setColor(alpha(Color.BLACK, 0.25));
            g.fill(new Ellipse2D.Double(cx - size * 0.55, base - size * 0.08, size * 1.1, size * 0.2));
            switch (r.nextInt(3)) {
                case 0 -> {
                    g.setPaint(new GradientPaint((float) (cx - size / 2), 0, c.brighter(), (float) (cx + size / 2), 0,
                            c.darker()));
                    g.fill(new Rectangle2D.Double(cx - size * 0.3, base - size, size * 0.6, size));
                    g.fill(new Ellipse2D.Double(cx - size * 0.3, base - size * 1.08, size * 0.6, size * 0.16));
                    g.setColor(c.darker());
                    g.setStroke(new BasicStroke((float) (size * 0.06)));
                    g.draw(new Ellipse2D.Double(cx + size * 0.22, base - size * 0.8, size * 0.3, size * 0.45));
                }
                case 1 -> {
                    g.setPaint(new java.awt.RadialGradientPaint((float) (cx - size * 0.15), (float) (base - size * 0.65),
                            (float) (size * 0.6), new float[] {0f, 1f}, new Color[] {c.brighter().brighter(), c.darker()}));
                    g.fill(new Ellipse2D.Double(cx - size / 2, base - size, size, size));
                }
                default -> {
                    g.setPaint(new GradientPaint((float) cx, (float) (base - size), c.brighter(), (float) cx,
                            (float) base, c.darker()));
                    g.fill(new Rectangle2D.Double(cx - size * 0.45, base - size * 0.7, size * 0.9, size * 0.7));
                    g.setColor(c.darker().darker());
                    g.fill(new Polygon(new int[] {(int) (cx - size * 0.45), (int) (cx - size * 0.3),
                            (int) (cx + size * 0.6), (int) (cx + size * 0.45)},
                            new int[] {(int) (base - size * 0.7), (int) (base - size * 0.85),
                                    (int) (base - size * 0.85), (int) (base - size * 0.7)}, 4));
                }
            }
        }
    }

    private void trail() {
        double horizon = h * range(0.3, 0.5);
        sky(horizon);
        boolean wooded = r.nextBoolean();
        if (wooded) {
            treeLine(horizon, 0.25);
        } else {
            distantHills(horizon);
        }
        ground(horizon, grass());
        meadowTexture(horizon);
        Road path = new Road(horizon, w * range(0.3, 0.7), range(-1.2, 1.2) * w, w * range(0.08, 0.2));
        Color dirt = shade(new Color(140 + r.nextInt(30), 110 + r.nextInt(20), 70 + r.nextInt(20)), light);
        fillStrip(path, -1, 1, dirt);
        g.setColor(alpha(dirt.darker(), 0.6));
        for (int i = 0; i < 60; i++) {
            double t = range(0.05, 1);
            double x = path.x(t, range(-1, 1));
            g.fill(new Ellipse2D.Double(x, path.y(t), 1 + 2 * t, 1 + t));
        }
        if (wooded) {
            for (int i = 0; i < 6; i++) {
                double t = range(0.2, 1);
                double side = r.nextBoolean() ? range(1.8, 4) : -range(1.8, 4);
                tree(path.x(t, side), path.y(t), t * h * range(0.5, 0.9));
            }
        }
    }

    private void railway() {
        double horizon = h * range(0.3, 0.5);
        sky(horizon);
        distantHills(horizon);
        ground(horizon, grass());
        Road bed = new Road(horizon, w * range(0.35, 0.65), range(-0.3, 0.3) * w, w * range(0.3, 0.45));
        fillStrip(bed, -1, 1, shade(new Color(120, 110, 100), light));
        g.setColor(alpha(new Color(80, 75, 70), 0.7));
        for (int i = 0; i < 150; i++) {
            double t = range(0.02, 1);
            g.fill(new Ellipse2D.Double(bed.x(t, range(-1, 1)), bed.y(t), 1 + t * 1.5, 1 + t));
        }
        Color sleeper = shade(new Color(90, 65, 45), light);
        for (double z = 0; z < 60; z += 0.9) {
            double t = 1 / (1 + z * 0.25);
            double t2 = 1 / (1 + (z + 0.3) * 0.25);
            quad(bed, -0.7, 0.7, t, t2, sleeper);
        }
        Color rail = shade(new Color(170, 170, 175), light);
        stripe(bed, -0.45, 0.025, rail, false);
        stripe(bed, 0.45, 0.025, rail, false);
        if (r.nextBoolean()) {
            poles(bed, false);
        }
    }

    // ---------------------------------------------------------------- parts

    /** A ground strip in perspective: t = 1 at the bottom edge, t to 0 at the horizon. */
    private final class Road {
        final double horizon;
        final double vx;
        final double curve;
        final double halfBottom;

        Road(double horizon, double vx, double curve, double halfBottom) {
            this.horizon = horizon;
            this.vx = vx;
            this.curve = curve;
            this.halfBottom = halfBottom;
        }

        double y(double t) {
            return horizon + (h - horizon) * t;
        }

        /** x of the lateral position {@code u} (-1 left edge, 1 right edge) at depth {@code t}. */
        double x(double t, double u) {
            double centre = vx + (w / 2.0 - vx) * t + curve * (1 - t) * (1 - t) * t * 4;
            return centre + u * halfBottom * t;
        }
    }

    private void fillStrip(Road road, double u1, double u2, Color color) {
        Path2D shape = new Path2D.Double();
        int steps = 40;
        for (int i = 0; i <= steps; i++) {
            double t = Math.pow((double) i / steps, 1.6);
            double x = road.x(Math.max(t, 0.002), u1);
            if (i == 0) {
                shape.moveTo(x, road.y(0.002));
            } else {
                shape.lineTo(x, road.y(t));
            }
        }
        for (int i = steps; i >= 0; i--) {
            double t = Math.max(Math.pow((double) i / steps, 1.6), 0.002);
            shape.lineTo(road.x(t, u2), road.y(t));
        }
        shape.closePath();
        g.setPaint(new GradientPaint(0, (float) road.horizon, mix(color, skyColor(), 0.35), 0, h, color));
        g.fill(shape);
    }

    private void stripe(Road road, double u, double halfWidth, Color color, boolean dashed) {
        if (!dashed) {
            fillStripSolid(road, u - halfWidth, u + halfWidth, color);
            return;
        }
        double period = range(2.5, 4);
        double offset = r.nextDouble() * period;
        for (double z = -offset; z < 80; z += period) {
            double za = Math.max(z, 0);
            double zb = z + period * 0.45;
            if (zb <= 0) {
                continue;
            }
            quad(road, u - halfWidth, u + halfWidth, 1 / (1 + za * 0.25), 1 / (1 + zb * 0.25), color);
        }
    }

    private void fillStripSolid(Road road, double u1, double u2, Color color) {
        Path2D shape = new Path2D.Double();
        int steps = 30;
        for (int i = 0; i <= steps; i++) {
            double t = Math.max(Math.pow((double) i / steps, 1.6), 0.01);
            if (i == 0) {
                shape.moveTo(road.x(t, u1), road.y(t));
            } else {
                shape.lineTo(road.x(t, u1), road.y(t));
            }
        }
        for (int i = steps; i >= 0; i--) {
            double t = Math.max(Math.pow((double) i / steps, 1.6), 0.01);
            shape.lineTo(road.x(t, u2), road.y(t));
        }
        shape.closePath();
        g.setColor(color);
        g.fill(shape);
    }

    private void quad(Road road, double u1, double u2, double tNear, double tFar, Color color) {
        Path2D q = new Path2D.Double();
        q.moveTo(road.x(tNear, u1), road.y(tNear));
        q.lineTo(road.x(tNear, u2), road.y(tNear));
        q.lineTo(road.x(tFar, u2), road.y(tFar));
        q.lineTo(road.x(tFar, u1), road.y(tFar));
        q.closePath();
        g.setColor(color);
        g.fill(q);
    }

    private void asphaltTexture(Road road) {
        for (int i = 0; i < 80; i++) {
            double t = range(0.05, 1);
            double x = road.x(t, range(-1, 1));
            g.setColor(alpha(r.nextBoolean() ? Color.BLACK : Color.WHITE, 0.08));
            g.fill(new Ellipse2D.Double(x, road.y(t), 1 + 4 * t, 1 + t));
        }
        if (weather == Weather.RAIN) {
            g.setColor(alpha(skyColor(), 0.25));
            for (int i = 0; i < 6; i++) {
                double t = range(0.1, 1);
                double x = road.x(t, range(-0.8, 0.8));
                g.fill(new Ellipse2D.Double(x, road.y(t), 20 * t, 3 * t));
            }
        }
    }

    private void verges(Road road, boolean highway) {
        Color shoulder = shade(weather == Weather.SNOW ? new Color(235, 235, 240) : new Color(150, 135, 100), light);
        fillStripSolid(road, -1.15, -1, shoulder);
        fillStripSolid(road, 1, 1.15, shoulder);
        if (highway && r.nextBoolean()) {
            Color rail = shade(new Color(180, 180, 185), light);
            for (double side : new double[] {-1.2, 1.2}) {
                Path2D top = new Path2D.Double();
                for (int i = 0; i <= 30; i++) {
                    double t = Math.max(Math.pow(i / 30.0, 1.6), 0.01);
                    double x = road.x(t, side);
                    double y = road.y(t) - 14 * t;
                    if (i == 0) {
                        top.moveTo(x, y);
                    } else {
                        top.lineTo(x, y);
                    }
                }
                g.setColor(rail);
                g.setStroke(new BasicStroke(2f));
                g.draw(top);
            }
        }
    }

    private void sidewalksAndBuildings(Road road) {
        Color walk = shade(gray(0.62), light);
        fillStripSolid(road, -1.5, -1, walk);
        fillStripSolid(road, 1, 1.5, walk);
        for (double side : new double[] {-1, 1}) {
            double z = 0;
            while (z < 40) {
                double depth = range(2, 6);
                double t1 = 1 / (1 + z * 0.25);
                double t2 = 1 / (1 + (z + depth) * 0.25);
                double height = h * range(0.5, 1.6);
                double u = side * 1.5;
                double x1 = road.x(t1, u);
                double x2 = road.x(t2, u);
                Color facade = shade(pick(new Color(170, 150, 130), new Color(140, 80, 70), new Color(190, 190, 185),
                        new Color(110, 115, 125)), light);
                Path2D face = new Path2D.Double();
                face.moveTo(x1, road.y(t1));
                face.lineTo(x2, road.y(t2));
                face.lineTo(x2, road.y(t2) - height * t2);
                face.lineTo(x1, road.y(t1) - height * t1);
                face.closePath();
                g.setColor(facade);
                g.fill(face);
                Color glass = shade(new Color(70, 100, 130), light);
                for (double fy = 0.2; fy < 0.9; fy += 0.2) {
                    for (double fx = 0.15; fx < 0.85; fx += 0.3) {
                        double ta = t1 + (t2 - t1) * fx;
                        double tb = t1 + (t2 - t1) * (fx + 0.15);
                        Path2D win = new Path2D.Double();
                        win.moveTo(road.x(ta, u), road.y(ta) - height * ta * fy);
                        win.lineTo(road.x(tb, u), road.y(tb) - height * tb * fy);
                        win.lineTo(road.x(tb, u), road.y(tb) - height * tb * (fy + 0.1));
                        win.lineTo(road.x(ta, u), road.y(ta) - height * ta * (fy + 0.1));
                        win.closePath();
                        g.setColor(light < 0.4 && r.nextInt(3) == 0 ? new Color(240, 210, 130) : glass);
                        g.fill(win);
                    }
                }
                z += depth + range(0, 1);
            }
        }
    }

    private void car(Road road, double u, double t) {
        double cx = road.x(t, u);
        double base = road.y(t);
        double cw = road.halfBottom * t * range(0.28, 0.4);
        double ch = cw * range(0.55, 0.8);
        Color body = shade(pick(new Color(180, 30, 30), new Color(30, 60, 140), new Color(220, 220, 220),
                new Color(30, 30, 30), new Color(120, 120, 125), new Color(200, 160, 40)), light);
        g.setColor(alpha(Color.BLACK, 0.4));
        g.fill(new Ellipse2D.Double(cx - cw * 0.6, base - ch * 0.1, cw * 1.2, ch * 0.25));
        g.setColor(body);
        g.fill(new RoundRectangle2D.Double(cx - cw / 2, base - ch * 0.65, cw, ch * 0.55, cw * 0.15, cw * 0.15));
        g.fill(new RoundRectangle2D.Double(cx - cw * 0.38, base - ch, cw * 0.76, ch * 0.45, cw * 0.2, cw * 0.2));
        g.setColor(shade(new Color(60, 80, 100), light * 1.2));
        g.fill(new Rectangle2D.Double(cx - cw * 0.32, base - ch * 0.93, cw * 0.64, ch * 0.3));
        Color lamp = light < 0.45 ? new Color(255, 60, 40) : new Color(200, 30, 30);
        g.setColor(lamp);
        g.fill(new Rectangle2D.Double(cx - cw * 0.46, base - ch * 0.55, cw * 0.14, ch * 0.1));
        g.fill(new Rectangle2D.Double(cx + cw * 0.32, base - ch * 0.55, cw * 0.14, ch * 0.1));
        if (light < 0.45) {
            g.setColor(alpha(new Color(255, 80, 60), 0.3));
            g.fill(new Ellipse2D.Double(cx - cw * 0.7, base - ch * 0.8, cw * 1.4, ch * 0.6));
        }
        g.setColor(new Color(20, 20, 20));
        g.fill(new Rectangle2D.Double(cx - cw * 0.45, base - ch * 0.12, cw * 0.18, ch * 0.14));
        g.fill(new Rectangle2D.Double(cx + cw * 0.27, base - ch * 0.12, cw * 0.18, ch * 0.14));
    }

    private void poles(Road road, boolean lamps) {
        double side = r.nextBoolean() ? 1.35 : -1.35;
        Color pole = shade(new Color(90, 90, 90), light);
        for (double z = range(0, 3); z < 50; z += range(4, 7)) {
            double t = 1 / (1 + z * 0.25);
            double x = road.x(t, side);
            double y = road.y(t);
            double ph = h * 0.6 * t;
            g.setColor(pole);
            g.fill(new Rectangle2D.Double(x - Math.max(0.5, 1.5 * t), y - ph, Math.max(1, 3 * t), ph));
            if (lamps) {
                g.fill(new Rectangle2D.Double(x - 12 * t * Math.signum(side), y - ph, 12 * t, Math.max(1, 2 * t)));
                if (light < 0.5) {
                    g.setColor(alpha(new Color(255, 230, 160), 0.35));
                    g.fill(new Ellipse2D.Double(x - 20 * t * Math.signum(side) - 8 * t, y - ph - 4 * t, 16 * t, 10 * t));
                }
            }
        }
    }

    private void sky(double horizon) {
        Color top;
        Color bottom;
        if (weather == Weather.OVERCAST || weather == Weather.RAIN || weather == Weather.FOG) {
            top = gray(range(0.5, 0.7));
            bottom = gray(range(0.7, 0.85));
        } else if (weather == Weather.SNOW) {
            top = gray(range(0.65, 0.8));
            bottom = gray(0.9);
        } else {
            top = new Color(60 + r.nextInt(40), 110 + r.nextInt(50), 190 + r.nextInt(50));
            bottom = new Color(170 + r.nextInt(40), 200 + r.nextInt(30), 230 + r.nextInt(25));
        }
        if (light < 0.6) {
            bottom = mix(bottom, new Color(240, 140, 70), 0.6 - light);
        }
        g.setPaint(new GradientPaint(0, 0, shade(top, light), 0, (float) horizon, shade(bottom, light)));
        g.fill(new Rectangle2D.Double(0, 0, w, horizon + 1));
        if (weather == Weather.CLEAR || weather == Weather.OVERCAST) {
            int clouds = r.nextInt(weather == Weather.CLEAR ? 4 : 9);
            for (int i = 0; i < clouds; i++) {
                blob(range(0, w), range(0, horizon * 0.7), range(0.05, 0.15) * w,
                        alpha(shade(new Color(245, 245, 250), light), 0.6), 4);
            }
        }
    }

    private void ground(double horizon, Color color) {
        if (weather == Weather.SNOW) {
            color = mix(color, new Color(240, 240, 245), 0.75);
        }
        g.setPaint(new GradientPaint(0, (float) horizon, mix(color, skyColor(), 0.35), 0, h, color));
        g.fill(new Rectangle2D.Double(0, horizon, w, h - horizon));
    }

    private void distantHills(double horizon) {
        if (r.nextBoolean()) {
            ridge(horizon - h * range(0.03, 0.15), horizon + 1,
                    mix(shade(new Color(70, 100, 80), light), skyColor(), 0.5), h * 0.04);
        } else {
            treeLine(horizon, 0.08);
        }
    }

    private void treeLine(double horizon, double height) {
        Color c = mix(shade(new Color(40, 80, 45), light), skyColor(), 0.25);
        for (double x = -5; x < w + 5; x += range(3, 8)) {
            blob(x, horizon - h * height * range(0.4, 1), h * height * range(0.3, 0.6), c, 3);
        }
        g.setColor(c);
        g.fill(new Rectangle2D.Double(0, horizon - h * height * 0.5, w, h * height * 0.5 + 1));
    }

    private void ridge(double top, double bottom, Color color, double roughness) {
        Path2D p = new Path2D.Double();
        p.moveTo(0, bottom);
        double y = top + range(-roughness, roughness);
        for (int x = 0; x <= w; x += 4) {
            y += range(-roughness, roughness) * 0.35;
            y = Math.min(bottom - 2, Math.max(top - roughness * 2, y));
            p.lineTo(x, y);
        }
        p.lineTo(w, bottom);
        p.closePath();
        g.setColor(color);
        g.fill(p);
    }

    private void meadowTexture(double horizon) {
        for (int i = 0; i < 140; i++) {
            double t = Math.pow(r.nextDouble(), 0.8);
            double y = horizon + (h - horizon) * t;
            double x = range(0, w);
            g.setColor(alpha(r.nextBoolean() ? new Color(30, 60, 20) : new Color(170, 190, 90), 0.35));
            g.setStroke(new BasicStroke((float) Math.max(0.4, t)));
            g.draw(new java.awt.geom.Line2D.Double(x, y, x + range(-1, 1) * 2 * t, y - 4 * t));
        }
    }

    private void tree(double x, double base, double height) {
        g.setColor(shade(new Color(80, 55, 35), light));
        g.fill(new Rectangle2D.Double(x - height * 0.04, base - height * 0.45, height * 0.08, height * 0.45));
        Color leaves = shade(new Color(35 + r.nextInt(40), 90 + r.nextInt(50), 35 + r.nextInt(20)), light);
        if (r.nextBoolean()) {
            g.setColor(leaves);
            g.fill(new Polygon(new int[] {(int) (x - height * 0.25), (int) x, (int) (x + height * 0.25)},
                    new int[] {(int) (base - height * 0.25), (int) (base - height), (int) (base - height * 0.25)}, 3));
        } else {
            blob(x, base - height * 0.65, height * 0.3, leaves, 4);
        }
    }

    private void lamp(double x, double ceiling) {
        g.setColor(new Color(60, 60, 60));
        g.fill(new Rectangle2D.Double(x - 0.5, 0, 1, ceiling + 6));
        g.setColor(new Color(250, 230, 180));
        g.fill(new Ellipse2D.Double(x - 6, ceiling + 4, 12, 7));
        g.setColor(alpha(new Color(255, 240, 200), 0.2));
        g.fill(new Ellipse2D.Double(x - 25, ceiling - 10, 50, 40));
    }

    private void blob(double x, double y, double radius, Color color, int parts) {
        g.setColor(color);
        for (int i = 0; i < parts; i++) {
            double rr = radius * range(0.5, 1);
            double dx = range(-radius, radius) * 0.6;
            double dy = range(-radius, radius) * 0.3;
            g.fill(new Ellipse2D.Double(x + dx - rr, y + dy - rr * 0.7, rr * 2, rr * 1.4));
        }
    }

    // ---------------------------------------------------------------- light, weather, camera

    private void atmosphere() {
        switch (weather) {
            case FOG -> {
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) range(0.3, 0.6)));
                g.setPaint(new GradientPaint(0, 0, gray(0.85), 0, h, gray(0.7)));
                g.fill(new Rectangle2D.Double(0, 0, w, h));
                g.setComposite(AlphaComposite.SrcOver);
            }
            case RAIN -> {
                g.setColor(alpha(gray(0.85), 0.35));
                g.setStroke(new BasicStroke(0.7f));
                double slant = range(-3, 3);
                for (int i = 0; i < 150; i++) {
                    double x = range(0, w);
                    double y = range(0, h);
                    g.draw(new java.awt.geom.Line2D.Double(x, y, x + slant, y + 7));
                }
            }
            case SNOW -> {
                g.setColor(alpha(Color.WHITE, 0.8));
                for (int i = 0; i < 120; i++) {
                    double s = range(0.8, 2.2);
                    g.fill(new Ellipse2D.Double(range(0, w), range(0, h), s, s));
                }
            }
            default -> { }
        }
    }

    /** Camera: exposure and white-balance jitter, vignetting and sensor noise. */
    private void finish() {
        double exposure = range(0.85, 1.15);
        double warm = range(-0.06, 0.06);
        double noise = range(2, 7);
        double cx = w / 2.0;
        double cy = h / 2.0;
        double maxD = cx * cx + cy * cy;
        double vignette = range(0, 0.35);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                double d = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / maxD;
                double gain = exposure * (1 - vignette * d);
                double n = (r.nextDouble() - 0.5) * noise;
                int red = clamp(((p >> 16) & 0xFF) * gain * (1 + warm) + n);
                int green = clamp(((p >> 8) & 0xFF) * gain + n);
                int blue = clamp((p & 0xFF) * gain * (1 - warm) + n);
                row[x] = red << 16 | green << 8 | blue;
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
    }

    // ---------------------------------------------------------------- colour helpers

    private Color skyColor() {
        Color base = switch (weather) {
            case CLEAR -> new Color(185, 205, 230);
            case SNOW -> gray(0.88);
            default -> gray(0.78);
        };
        return shade(base, light);
    }

    private Color grass() {
        return shade(pick(new Color(80, 130, 50), new Color(110, 140, 60), new Color(140, 140, 80),
                new Color(60, 110, 45), new Color(160, 150, 90)), light);
    }

    private Color sand() {
        return shade(new Color(200 + r.nextInt(30), 180 + r.nextInt(30), 130 + r.nextInt(30)), light);
    }

    private static Color gray(double v) {
        int c = clamp(v * 255);
        return new Color(c, c, c);
    }

    private static Color shade(Color c, double factor) {
        return new Color(clamp(c.getRed() * factor), clamp(c.getGreen() * factor), clamp(c.getBlue() * factor));
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color(clamp(a.getRed() + (b.getRed() - a.getRed()) * t),
                clamp(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                clamp(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static Color alpha(Color c, double a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), clamp(a * 255));
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private double range(double lo, double hi) {
        return lo + r.nextDouble() * (hi - lo);
    }

    private double pickNumber(double... options) {
        return options[r.nextInt(options.length)];
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }
}
