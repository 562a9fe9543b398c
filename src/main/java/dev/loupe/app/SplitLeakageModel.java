package dev.loupe.app;

import dev.loupe.dataset.StableSplit;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.issues.SplitLeakage;
import dev.loupe.journal.OpenedDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Split leakage for the Rounds tab: near-duplicate pairs whose images fall in different parts of the stable
 * split the rounds train and test on (they make test accuracy look better than it is), found from the judge's
 * cached features with the latest round's percentages, and shown in the grid pair by pair for the annotator to
 * set one of each aside or keep both. Knows no {@code Node}.
 */
final class SplitLeakageModel {

    /** What the leakage check needs from the review window's model. */
    interface Host extends JudgedImages {
        /** The validation and testing percentages of the latest round (10 and 10 before any). */
        int[] splitPercentages();

        /** Runs a quick piece of background work. */
        <T> void runQuick(BackgroundTask<T> task, java.util.function.Consumer<T> onSuccess);

        /** The grid shows {@code ordered} (content hashes) in this order, each with its caption. */
        void showPairs(List<String> ordered, Map<String, String> captions);
    }

    private final Host host;
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper leaking = new ReadOnlyBooleanWrapper(false);
    private List<SplitLeakage.Pair> pairs = List.of();
    private String checked;
    private boolean checking;

    SplitLeakageModel(Host host) {
        this.host = host;
    }

    /** One line for the Rounds tab: how many pairs leak, or why nothing was checked. */
    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Whether pairs straddle the split (the Show button is enabled). */
    ReadOnlyBooleanProperty leakingProperty() {
        return leaking.getReadOnlyProperty();
    }

    /** The pairs last found, most similar first. */
    List<SplitLeakage.Pair> pairs() {
        return pairs;
    }

    void clear() {
        pairs = List.of();
        checked = null;
        leaking.set(false);
        summary.set("");
    }

    /** Checks the split again unless nothing it depends on changed (the judge, the images, the percentages). */
    void refresh() {
        OpenedDataset ds = host.dataset();
        String key = host.fingerprint();
        if (ds == null) {
            clear();
            return;
        }
        if (key == null) {
            pairs = List.of();
            checked = null;
            leaking.set(false);
            summary.set("Split leakage: score the dataset to check for near-duplicates across train, validation "
                    + "and test.");
            return;
        }
        List<ImageTile> tiles = host.tiles();
        int[] percent = host.splitPercentages();
        List<SplitLeakage.Image> images = new ArrayList<>();
        long contents = 0;
        for (ImageTile t : tiles) {
            if (!t.label().startsWith("_")) {
                images.add(new SplitLeakage.Image(t.path(), t.sha256()));
                contents = contents * 31 + t.sha256().hashCode();
            }
        }
        String state = key + "|" + percent[0] + "|" + percent[1] + "|" + images.size() + "|" + contents;
        if (state.equals(checked) || checking) {
            return;
        }
        checking = true;
        LabelIssueFinder.Config config = LabelIssueFinder.Config.defaults();
        StableSplit split = new StableSplit(percent[0], percent[1]);
        host.runQuick(new BackgroundTask<>("Checking the split for leakage", (listener, cancel) -> {
            try (dev.loupe.features.FeatureCache cache = dev.loupe.features.FeatureCache.open(ds.layout())) {
                return SplitLeakage.find(images, cache.vectors(key), split, config.nearDuplicate(), config.seed());
            }
        }), found -> {
            checking = false;
            if (host.dataset() != ds) {
                return;
            }
            pairs = found;
            checked = state;
            leaking.set(!found.isEmpty());
            summary.set(found.isEmpty()
                    ? String.format(Locale.ROOT, "Split leakage: none. No near-duplicate pair straddles the split "
                    + "(validation %d%%, test %d%%).", percent[0], percent[1])
                    : String.format(Locale.ROOT, "Split leakage: %d near-duplicate pair(s) straddle the split "
                    + "(validation %d%%, test %d%%): test accuracy may look better than it is.", found.size(),
                    percent[0], percent[1]));
        });
    }

    /** The grid shows the leaking pairs, one after the other, each tile saying which part it is in. */
    void show() {
        Map<String, String> shaOf = new HashMap<>();
        host.tiles().forEach(t -> shaOf.putIfAbsent(t.path(), t.sha256()));
        List<String> ordered = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            SplitLeakage.Pair p = pairs.get(i);
            String a = shaOf.get(p.pathA());
            String b = shaOf.get(p.pathB());
            if (a == null || b == null) {
                continue; // moved since: its images are found again by the next check
            }
            ordered.add(a);
            ordered.add(b);
            captions.put(a, String.format(Locale.ROOT, "pair %d · %s ~ %s %.3f", i + 1, p.partA().folder(),
                    p.partB().folder(), p.similarity()));
            captions.put(b, String.format(Locale.ROOT, "pair %d · %s ~ %s %.3f", i + 1, p.partB().folder(),
                    p.partA().folder(), p.similarity()));
        }
        host.showPairs(ordered, captions);
    }
}
