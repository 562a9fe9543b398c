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
 * Renders the README's screenshots from the real window: opens the dataset, scores it, writes the window as
 * PNG, optionally compares architectures and writes the Rounds tab too, and exits. Run by
 * {@code loupe app DIR --screenshot FILE [--rounds-screenshot FILE]}.
 */
final class Screenshots {

    private Screenshots() {
    }

    static void scoreThenCapture(Stage stage, DatasetViewModel model, Path out) {
        scoreThenCapture(stage, model, out, null);
    }

    /**
     * Scores, captures the Review tab to {@code out}; then, when {@code rounds} is given, compares the seed's
     * architectures (nothing is added to the round history) and captures the Rounds tab there.
     */
    static void scoreThenCapture(Stage stage, DatasetViewModel model, Path out, Path rounds) {
        ChangeListener<Boolean> whenIdle = new ChangeListener<>() {
            private int step;

            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> obs, Boolean was, Boolean busy) {
                if (busy) {
                    return;
                }
                step++;
                if (step == 1) {
                    Platform.runLater(model::score);
                } else if (step == 2) {
                    afterThumbnails(() -> {
                        write(stage.getScene().snapshot(null), out);
                        if (rounds == null) {
                            Platform.exit();
                        } else {
                            model.compareArchitectures(java.util.List.of("mobilenet-0.25-128", "mobilenet-0.25-224",
                                    "mobilenet-1.0-224"));
                        }
                    });
                } else if (rounds != null) {
                    model.busyProperty().removeListener(this);
                    javafx.scene.control.TabPane tabs = (javafx.scene.control.TabPane) stage.getScene().lookup("#tabs");
                    tabs.getSelectionModel().select(1);
                    afterThumbnails(() -> {
                        write(stage.getScene().snapshot(null), rounds);
                        Platform.exit();
                    });
                }
            }
        };
        model.busyProperty().addListener(whenIdle);
    }

    /** Runs {@code capture} on the JavaFX thread after giving background thumbnail loading a moment. */
    private static void afterThumbnails(Runnable capture) {
        new Thread(() -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Platform.runLater(capture);
        }, "loupe-screenshot").start();
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
