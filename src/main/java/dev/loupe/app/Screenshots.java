package dev.loupe.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Renders the README's screenshots from the real window: opens the dataset, scores it, selects the first
 * suspect, writes the window as PNG and exits. Run by {@code loupe app DIR --screenshot FILE}.
 */
final class Screenshots {

    private Screenshots() {
    }

    static void scoreThenCapture(Stage stage, DatasetViewModel model, Path out) {
        ChangeListener<Boolean> whenIdle = new ChangeListener<>() {
            private boolean scoring;

            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> obs, Boolean was, Boolean busy) {
                if (busy) {
                    return;
                }
                if (!scoring) {
                    scoring = true;
                    Platform.runLater(model::score);
                    return;
                }
                model.busyProperty().removeListener(this);
                // Give background thumbnail loading a moment, then capture.
                new Thread(() -> {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Platform.runLater(() -> {
                        write(stage.getScene().snapshot(null), out);
                        Platform.exit();
                    });
                }, "loupe-screenshot").start();
            }
        };
        model.busyProperty().addListener(whenIdle);
    }

    private static void write(WritableImage image, Path out) {
        BufferedImage rgb = SwingFXUtils.fromFXImage(image, null);
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            ImageIO.write(rgb, "png", out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
