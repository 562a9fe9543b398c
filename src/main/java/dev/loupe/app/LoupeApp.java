package dev.loupe.app;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.InferenceBackend;
import dev.loupe.engine.JudgeOpener;
import dev.loupe.engine.WeightsChoice;
import dev.loupe.engine.WeightsStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Loupe window. Launched by {@code loupe app [DIR]}; the first parameter, if any, is opened. */
public final class LoupeApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(LoupeApp.class);

    private TaskExecutor executor;
    private DatasetViewModel model;

    @Override
    public void start(Stage stage) {
        if (System.getProperty(dev.loupe.dataset.WriterLock.PROCESS_PROPERTY) == null) {
            System.setProperty(dev.loupe.dataset.WriterLock.PROCESS_PROPERTY, "the Loupe window");
        }
        executor = new FxTaskExecutor();
        String judge = System.getProperty("loupe.backbone", "mobilenet-0.25-224");
        model = new DatasetViewModel(executor, defaultBackbone(judge, () -> model.randomWeightsAllowed()));
        model.roundsModel().setComparisonOpener((spec, progress, cancel) -> defaultBackbone(spec.name(), () -> true)
                .apply(progress, cancel));
        model.setJudgeWeights(new JudgeWeights() {
            @Override
            public Optional<String> missing() {
                return WeightsStore.standard().missingWeights(BackboneSpec.parse(judge));
            }

            @Override
            public void use(Path file) {
                WeightsStore.standard().saveConfiguredFile(BackboneSpec.parse(judge), file);
            }
        });
        model.rememberRecentIn(RecentDatasets.standard());
        show(stage, model);
        List<String> args = getParameters().getUnnamed();
        if (!args.isEmpty()) {
            model.open(Path.of(args.get(0)));
        } else {
            // Started from the menu: the dataset the user had open last, if it is still there; else the start page.
            model.recentDatasets().stream().filter(java.nio.file.Files::isDirectory).findFirst().ifPresent(model::open);
        }
        String screenshot = getParameters().getNamed().get("screenshot");
        if (screenshot != null) {
            String rounds = getParameters().getNamed().get("rounds-screenshot");
            String loupe = getParameters().getNamed().get("loupe-screenshot");
            Screenshots.scoreThenCapture(stage, model, Path.of(screenshot), rounds == null ? null : Path.of(rounds),
                    loupe == null ? null : Path.of(loupe));
        }
    }

    /**
     * The judge used for scoring: the named backbone with its ImageNet weights from the per-user cache
     * (downloaded on first use). When they cannot be had, random weights only if {@code randomAllowed} says the
     * user chose them (the window's banner); otherwise the download's error, which names the URL and the path.
     */
    static BackboneFactory defaultBackbone(String name, java.util.function.BooleanSupplier randomAllowed) {
        return (progress, cancel) -> JudgeOpener.open(WeightsStore.standard(), BackboneSpec.parse(name),
                WeightsChoice.pretrained(), 42, engine(), randomAllowed.getAsBoolean()
                        ? JudgeOpener.Fallback.SAME_WIDTH_THEN_RANDOM : JudgeOpener.Fallback.SAME_WIDTH,
                LOG::warn, progress, cancel);
    }

    /** What runs the networks: ONNX Runtime, or DL4J's reference forward pass with {@code -Dloupe.engine=dl4j}. */
    private static InferenceBackend engine() {
        return InferenceBackend.parse(System.getProperty("loupe.engine", "onnx"));
    }

    /** Builds the window for a view model; used by {@link #start} and by UI tests. */
    static void show(Stage stage, DatasetViewModel model) {
        MainView view = new MainView(model);
        Scene scene = new Scene(view.root(), 1280, 800);
        view.installShortcuts(scene);
        stage.setScene(scene);
        // Window managers otherwise may start it at 200x200.
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.titleProperty().bind(model.titleProperty());
        // Files changed by other programs while Loupe was in the background show up on return.
        stage.focusedProperty().addListener((obs, was, focused) -> {
            if (focused) {
                model.rescan();
            }
        });
        // Moves made by another Loupe process (a `loupe move` in a terminal) show up within seconds.
        javafx.animation.Timeline outside = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(2), e -> model.checkForOutsideChanges()));
        outside.setCycleCount(javafx.animation.Animation.INDEFINITE);
        outside.play();
        stage.setOnHidden(e -> outside.stop());
        stage.show();
    }

    @Override
    public void stop() {
        if (model != null) {
            model.close();
        }
        if (executor != null) {
            executor.shutdown();
        }
    }
}
