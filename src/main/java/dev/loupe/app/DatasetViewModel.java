package dev.loupe.app;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.DatasetScanner;
import dev.loupe.dataset.ScanReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the main window: which dataset is open, its classes with counts, the images of the selected
 * class, and the progress of the scan. Knows no {@code Node}; tested without a screen.
 */
public final class DatasetViewModel {

    /** One row of the class list: a class or a reserved bucket, with its number of usable images. */
    public record ClassSummary(String name, int count, boolean bucket) {
        @Override
        public String toString() {
            return name + " (" + count + ")";
        }
    }

    /** One image of the selected class. */
    public record ImageTile(String path, Path file, int width, int height) {
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private final TaskExecutor executor;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Loupe");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Open a dataset folder (File → Open)");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<ClassSummary> classes = FXCollections.observableArrayList();
    private final ObservableList<ImageTile> images = FXCollections.observableArrayList();
    private final ObservableList<ClassSummary> classesView = FXCollections.unmodifiableObservableList(classes);
    private final ObservableList<ImageTile> imagesView = FXCollections.unmodifiableObservableList(images);
    private final ObjectProperty<ClassSummary> selectedClass = new SimpleObjectProperty<>();

    private Catalog catalog;
    private ScanReport report;
    private BackgroundTask<?> running;

    public DatasetViewModel(TaskExecutor executor) {
        this.executor = executor;
        selectedClass.addListener((obs, old, now) -> loadImages(now));
    }

    /** Opens a dataset folder: scans it in the background (incrementally) and shows its classes. */
    public void open(Path folder) {
        cancel();
        closeCatalog();
        DatasetLayout layout = new DatasetLayout(folder);
        title.set("Loupe — " + layout.root().getFileName());
        error.set("");
        classes.clear();
        images.clear();
        busy.set(true);
        progress.set(-1);
        status.set("Scanning " + layout.root() + " …");
        BackgroundTask<Opened> task = new BackgroundTask<>("Scanning", (listener, cancel) -> {
            Catalog opened = Catalog.open(layout);
            try {
                return new Opened(opened, new DatasetScanner().scan(opened, listener, cancel));
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
        });
        task.onProgress(p -> {
                    progress.set(p.fraction());
                    status.set(p.message());
                })
                .onSuccess(this::showOpened)
                .onFailure(e -> finishWithError(e instanceof DatasetException ? e.getMessage()
                        : "Could not open " + layout.root() + ": " + e.getMessage()))
                .onCancelled(() -> finishWithError("Scan cancelled; open the folder again to continue."));
        running = task;
        executor.execute(task);
    }

    private record Opened(Catalog catalog, ScanReport report) {
    }

    private void showOpened(Opened opened) {
        running = null;
        catalog = opened.catalog();
        report = opened.report();
        List<ClassSummary> rows = new ArrayList<>();
        for (String name : report.classes()) {
            rows.add(new ClassSummary(name, report.count(name), false));
        }
        for (String name : report.buckets()) {
            rows.add(new ClassSummary(name, report.count(name), true));
        }
        classes.setAll(rows);
        busy.set(false);
        progress.set(0);
        status.set(summary(report));
        if (!rows.isEmpty()) {
            selectedClass.set(rows.get(0));
        }
    }

    private void finishWithError(String message) {
        running = null;
        busy.set(false);
        progress.set(0);
        error.set(message);
        status.set(message);
    }

    private void loadImages(ClassSummary summary) {
        images.clear();
        if (summary == null || catalog == null) {
            return;
        }
        Catalog source = catalog;
        DatasetLayout layout = source.layout();
        BackgroundTask<List<ImageTile>> task = new BackgroundTask<>("Listing images", (listener, cancel) -> {
            List<ImageTile> tiles = new ArrayList<>();
            for (CatalogEntry e : source.images(summary.name())) {
                tiles.add(new ImageTile(e.path(), layout.resolve(e.path()), e.width(), e.height()));
            }
            return tiles;
        });
        task.onSuccess(tiles -> {
            if (summary.equals(selectedClass.get())) {
                images.setAll(tiles);
            }
        }).onFailure(e -> error.set(e.getMessage()));
        executor.execute(task);
    }

    static String summary(ScanReport report) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d images in %d classes",
                report.imageCount(), report.classes().size()));
        if (!report.duplicates().isEmpty()) {
            s.append(String.format(Locale.ROOT, " · %d duplicate group(s)", report.duplicates().size()));
            if (report.conflictingDuplicates() > 0) {
                s.append(String.format(Locale.ROOT, ", %d across classes", report.conflictingDuplicates()));
            }
        }
        if (!report.skipped().isEmpty()) {
            s.append(String.format(Locale.ROOT, " · %d file(s) skipped", report.skipped().size()));
        }
        return s.toString();
    }

    /** Cancels the scan in progress, if any. */
    public void cancel() {
        if (running != null) {
            running.cancel();
        }
    }

    /** Releases the dataset's catalog. */
    public void close() {
        cancel();
        closeCatalog();
    }

    private void closeCatalog() {
        if (catalog != null) {
            catalog.close();
            catalog = null;
            report = null;
        }
    }

    public Optional<ScanReport> report() {
        return Optional.ofNullable(report);
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ObservableList<ClassSummary> classes() {
        return classesView;
    }

    public ObservableList<ImageTile> images() {
        return imagesView;
    }

    public ObjectProperty<ClassSummary> selectedClassProperty() {
        return selectedClass;
    }
}
