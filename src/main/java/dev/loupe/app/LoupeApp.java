package dev.loupe.app;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The Loupe window. Launched by {@code loupe app [DIR]}; the first parameter, if any, is opened. */
public final class LoupeApp extends Application {

    private TaskExecutor executor;
    private DatasetViewModel model;

    @Override
    public void start(Stage stage) {
        executor = new FxTaskExecutor();
        model = new DatasetViewModel(executor);
        show(stage, model);
        List<String> args = getParameters().getRaw();
        if (!args.isEmpty()) {
            model.open(Path.of(args.get(0)));
        }
    }

    /** Builds the window for a view model; used by {@link #start} and by UI tests. */
    static void show(Stage stage, DatasetViewModel model) {
        MainView view = new MainView(model);
        stage.setScene(new Scene(view.root(), 1100, 720));
        stage.titleProperty().bind(model.titleProperty());
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
