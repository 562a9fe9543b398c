package dev.loupe.app;

import dev.loupe.work.ProcessMemory;
import dev.loupe.work.ScratchFolder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code loupe bench-ui}: the review window on a large dataset. Opens it (cold: building the catalog; then
 * warm, as on any later day), times the first painted grid, scrolls it end to end page by page and records
 * the heap. Needs a display (under CI or SSH: {@code xvfb-run -a}).
 */
@Command(name = "bench-ui", mixinStandardHelpOptions = true,
        description = "Open the window on a generated dataset of N images (or DIR), time the first painted grid "
                + "and scroll the grid end to end, reporting time per page and heap used. Needs a display "
                + "(xvfb-run -a java -jar loupe.jar bench-ui).")
public final class UiBenchCommand implements Callable<Integer> {

    @Option(names = "--images", defaultValue = "100000", paramLabel = "N",
            description = "images to generate (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--dataset", paramLabel = "DIR", description = "use this dataset instead of generating one")
    Path dataset;

    @Spec
    CommandSpec spec;

    private static final long WAIT_MS = 600_000;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ScratchFolder scratch = ScratchFolder.create("loupe-bench-ui")) {
            Path dir = dataset;
            int expected;
            if (dir == null) {
                dir = scratch.path().resolve("dataset");
                long start = System.nanoTime();
                generate(dir, images);
                System.err.printf(Locale.ROOT, "Generated %d images in %.1f s%n", images, seconds(start));
                expected = images;
            } else {
                expected = -1;
            }
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            Platform.setImplicitExit(false);
            started.await();
            FxTaskExecutor executor = new FxTaskExecutor();
            DatasetViewModel model = onFx(() -> new DatasetViewModel(executor));
            Stage stage = onFx(() -> {
                Stage s = new Stage();
                LoupeApp.show(s, model);
                return s;
            });
            try {
                double cold = openAndPaint(model, stage, dir, expected);
                double warm = openAndPaint(model, stage, dir, expected);
                Scroll scroll = scrollToTheEnd(stage);
                // Let the thumbnails of the last screens finish loading, then see what stays: the tiles'
                // data and the bounded thumbnail cache, not what the scroll passed by.
                Thread.sleep(5000);
                pulse(stage);
                System.gc();
                System.gc();
                long retained = usedHeapMb();
                out.printf(Locale.ROOT, "ui images=%d first_paint_cold_s=%.2f first_paint_warm_s=%.2f pages=%d "
                                + "scroll_s=%.1f ms_per_page=%.1f heap_peak_mb=%d heap_settled_mb=%d peak_rss_mb=%d%n",
                        onFx(() -> model.images().size()), cold, warm, scroll.pages, scroll.seconds,
                        1000 * scroll.seconds / Math.max(1, scroll.pages), scroll.peakHeapMb, retained,
                        ProcessMemory.peakRssMb());
                out.flush();
            } finally {
                onFx(() -> {
                    model.close();
                    stage.close();
                    return null;
                });
                executor.shutdown();
                Platform.exit();
            }
        }
        return 0;
    }

    /** Opens {@code dir} and returns seconds until a pulse has painted tiles with images in the grid. */
    private static double openAndPaint(DatasetViewModel model, Stage stage, Path dir, int expected) throws Exception {
        long start = System.nanoTime();
        onFx(() -> {
            model.open(dir);
            return null;
        });
        waitFor(() -> onFxQuietly(() -> !model.busyProperty().get()
                && (expected < 0 ? !model.images().isEmpty() : model.images().size() == expected)));
        waitFor(() -> {
            try {
                pulse(stage);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return onFxQuietly(() -> stage.getScene().getRoot().lookupAll(".tile").stream()
                    .anyMatch(n -> ((javafx.scene.control.IndexedCell<?>) n).getItem() != null));
        });
        return seconds(start);
    }

    private record Scroll(int pages, double seconds, long peakHeapMb) {
    }

    /** Scrolls one viewport at a time, each step painted before the next, until the grid stops moving. */
    private static Scroll scrollToTheEnd(Stage stage) throws Exception {
        VirtualFlow<?> flow = onFx(() -> (VirtualFlow<?>) stage.getScene().getRoot().lookup("#grid .virtual-flow"));
        long start = System.nanoTime();
        int pages = 0;
        long peak = usedHeapMb();
        while (true) {
            double moved = onFx(() -> flow.scrollPixels(flow.getHeight()));
            pulse(stage);
            peak = Math.max(peak, usedHeapMb());
            if (moved < 1) {
                break;
            }
            pages++;
        }
        return new Scroll(pages, seconds(start), peak);
    }

    /** Waits until the scene has been laid out and rendered once more. */
    private static void pulse(Stage stage) throws InterruptedException {
        CountDownLatch painted = new CountDownLatch(1);
        Runnable listener = painted::countDown;
        Platform.runLater(() -> {
            stage.getScene().addPostLayoutPulseListener(listener);
            Platform.requestNextPulse();
        });
        painted.await(5, TimeUnit.SECONDS);
        Platform.runLater(() -> stage.getScene().removePostLayoutPulseListener(listener));
    }

    /** Tiny distinct JPEGs (noise over a per-image colour) in two classes, written on all cores. */
    static void generate(Path dir, int count) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        dev.loupe.work.Parallel.map(Runtime.getRuntime().availableProcessors(), t -> {
            int threads = Runtime.getRuntime().availableProcessors();
            BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            for (int i = t; i < count; i += threads) {
                Random random = new Random(i);
                int base = random.nextInt(1 << 24);
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 64; x++) {
                        image.setRGB(x, y, base ^ random.nextInt(1 << 12));
                    }
                }
                Path file = dir.resolve((i % 2 == 0 ? "a/" : "b/") + String.format(Locale.ROOT, "img_%06d.jpg", i));
                try {
                    ImageIO.write(image, "jpg", file.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return null;
        });
    }

    private static long usedHeapMb() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / (1024 * 1024);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the window did not get there in " + WAIT_MS / 1000 + " s");
            }
            Thread.sleep(5);
        }
    }

    private static <T> T onFx(Supplier<T> work) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                result.set(work.get());
            } catch (RuntimeException e) {
                failure.set(e);
            } finally {
                done.countDown();
            }
        });
        done.await();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private static boolean onFxQuietly(Supplier<Boolean> work) {
        try {
            return onFx(work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
