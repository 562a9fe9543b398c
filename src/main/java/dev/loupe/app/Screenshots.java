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
        scoreThenCapture(stage, model, out, null, null);
    }

    /**
     * Scores, captures the Review tab to {@code out}; then, when {@code rounds} is given, compares the seed's
     * architectures (nothing is added to the round history) and captures the Rounds tab there.
     */
    static void scoreThenCapture(Stage stage, DatasetViewModel model, Path out, Path rounds, Path loupe) {
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
                        Runnable next = () -> {
                            if (rounds == null) {
                                Platform.exit();
                            } else {
                                model.roundsModel().compareArchitectures(java.util.List.of("mobilenet-0.25-128", "mobilenet-0.25-224",
                                        "mobilenet-1.0-224"));
                            }
                        };
                        if (loupe == null) {
                            next.run();
                        } else {
                            captureLoupe(stage, model, loupe, next);
                        }
                    });
                } else if (rounds != null) {
                    model.busyProperty().removeListener(this);
                    javafx.scene.control.TabPane tabs = (javafx.scene.control.TabPane) stage.getScene().lookup("#tabs");
                    tabs.getTabs().stream().filter(t -> "roundsTab".equals(t.getId())).findFirst()
                            .ifPresent(t -> tabs.getSelectionModel().select(t));
                    afterThumbnails(() -> {
                        write(stage.getScene().snapshot(null), rounds);
                        Platform.exit();
                    });
                }
            }
        };
        model.busyProperty().addListener(whenIdle);
    }

    /** The loupe on the first suspect (Enter), then the first three side by side (C), each captured. */
    private static void captureLoupe(Stage stage, DatasetViewModel model, Path out, Runnable then) {
        press(stage, javafx.scene.input.KeyCode.ENTER);
        afterThumbnails(() -> {
            write(stage.getScene().snapshot(null), out);
            press(stage, javafx.scene.input.KeyCode.ESCAPE);
            model.select(model.images().get(0).path(), SelectMode.REPLACE);
            model.select(model.images().get(2).path(), SelectMode.RANGE);
            press(stage, javafx.scene.input.KeyCode.C);
            afterThumbnails(() -> {
                String name = out.getFileName().toString().replaceFirst("\\.png$", "");
                write(stage.getScene().snapshot(null), out.resolveSibling(name + "-compare.png"));
                press(stage, javafx.scene.input.KeyCode.ESCAPE);
                then.run();
            });
        });
    }

    /** A key press as the keyboard gives it, to the window's focused node. */
    private static void press(Stage stage, javafx.scene.input.KeyCode code) {
        javafx.scene.Node target = stage.getScene().getFocusOwner() != null ? stage.getScene().getFocusOwner()
                : stage.getScene().getRoot();
        javafx.event.Event.fireEvent(target, new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED,
                "", "", code, false, false, false, false));
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
