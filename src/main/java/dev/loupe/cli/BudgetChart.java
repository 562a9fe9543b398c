package dev.loupe.cli;

import dev.loupe.issues.ReviewBudgetCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The review-budget curve as a PNG line chart: test accuracy against suspects reviewed, with the noisy-label and
 * clean-label rounds as dashed reference lines. Drawn with Java2D (headless), no chart library needed for one
 * line.
 */
final class BudgetChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private BudgetChart() {
    }

    /** Writes the chart to {@code file}, refusing to replace anything but a file (never a folder). */
    static void write(ReviewBudgetCurve.Result result, Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--chart " + file + " is a folder: name a .png file");
        }
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, result);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("No PNG writer in this Java runtime");
        }
    }

    private static void draw(Graphics2D g, ReviewBudgetCurve.Result result) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, result.noisy()});
        result.points().forEach(p -> points.add(new double[] {p.budget(), p.accuracy()}));
        double maxX = Math.max(1, points.stream().mapToDouble(p -> p[0]).max().orElse(1));
        double lo = Math.min(result.noisy(), points.stream().mapToDouble(p -> p[1]).min().orElse(0));
        double hi = Math.max(result.clean(), points.stream().mapToDouble(p -> p[1]).max().orElse(1));
        lo = Math.max(0, Math.floor((lo - 0.02) * 50) / 50);
        hi = Math.min(1, Math.ceil((hi + 0.01) * 50) / 50);
        if (hi - lo < 0.04) {
            lo = Math.max(0, hi - 0.04);
        }
        Scale s = new Scale(maxX, lo, hi);
        g.setColor(new Color(0x33, 0x33, 0x33));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(String.format(Locale.ROOT, "Review budget: test accuracy after reviewing the top N suspects "
                + "(%d planted)", result.planted()), LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0xdd, 0xdd, 0xdd));
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            int y = s.y(v);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
        }
        g.setColor(new Color(0x33, 0x33, 0x33));
        g.drawLine(LEFT, s.y(lo), WIDTH - RIGHT, s.y(lo));
        g.drawLine(LEFT, s.y(lo), LEFT, s.y(hi));
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            g.drawString(String.format(Locale.ROOT, "%.1f%%", 100 * v), 12, s.y(v) + 4);
        }
        for (double[] p : points) {
            g.drawString(String.valueOf((int) p[0]), s.x(p[0]) - 8, HEIGHT - BOTTOM + 18);
        }
        g.drawString("suspects reviewed", (WIDTH - 100) / 2, HEIGHT - 18);
        reference(g, s, result.clean(), new Color(0x2e, 0x7d, 0x32), "clean labels");
        reference(g, s, result.noisy(), new Color(0xc6, 0x28, 0x28), "noisy labels");
        g.setColor(new Color(0x15, 0x65, 0xc0));
        g.setStroke(new BasicStroke(2.5f));
        for (int i = 1; i < points.size(); i++) {
            g.drawLine(s.x(points.get(i - 1)[0]), s.y(points.get(i - 1)[1]), s.x(points.get(i)[0]),
                    s.y(points.get(i)[1]));
        }
        for (double[] p : points) {
            g.fillOval(s.x(p[0]) - 4, s.y(p[1]) - 4, 8, 8);
        }
    }

    private static void reference(Graphics2D g, Scale s, double value, Color colour, String name) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
        g.drawLine(LEFT, s.y(value), WIDTH - RIGHT, s.y(value));
        g.drawString(String.format(Locale.ROOT, "%s %.1f%%", name, 100 * value), WIDTH - RIGHT - 150,
                s.y(value) - 5);
        g.setStroke(new BasicStroke(1));
    }

    /** Data to pixels. */
    private record Scale(double maxX, double lo, double hi) {
        int x(double v) {
            return LEFT + (int) Math.round(v / maxX * (WIDTH - LEFT - RIGHT));
        }

        int y(double v) {
            return HEIGHT - BOTTOM - (int) Math.round((v - lo) / (hi - lo) * (HEIGHT - TOP - BOTTOM));
        }
    }
}
