package dev.loupe.journal;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetBusyException;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.Featurizer;
import dev.loupe.testing.ColourFeatures;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Child process for {@link ConcurrentProcessesTest}: plays one role on a dataset that other processes use at
 * the same time, for a bounded number of steps, until it finishes or is killed. Roles: {@code move} (the CLI's
 * move), {@code undo} (undo and redo), {@code history} (a reader), {@code score} (featurizing while labels
 * change) and {@code window} (the window's session: one long-lived connection that moves and rescans).
 */
public final class ConcurrentChild {

    private static final List<String> LABELS = List.of("a", "b", "c", "_unsure");

    private ConcurrentChild() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        String role = args[1];
        Random random = new Random(Long.parseLong(args[2]));
        int steps = Integer.parseInt(args[3]);
        System.setProperty(dev.loupe.dataset.WriterLock.PROCESS_PROPERTY, "test " + role);
        int busy = 0;
        for (int step = 0; step < steps; step++) {
            try {
                switch (role) {
                    case "move" -> {
                        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
                            moveSome(ds, random);
                        }
                    }
                    case "undo" -> {
                        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
                            if (random.nextBoolean()) {
                                ds.journal().undo();
                            } else {
                                ds.journal().redo();
                            }
                        }
                    }
                    case "history" -> {
                        try (OpenedDataset ds = OpenedDataset.openForReading(root)) {
                            ds.journal().history();
                        }
                    }
                    case "score" -> {
                        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none());
                             FeatureCache cache = FeatureCache.open(ds.layout());
                             ColourFeatures features = new ColourFeatures()) {
                            new Featurizer(4, 1).featurize(ds.catalog(), features, cache, ProgressListener.NONE,
                                    CancellationToken.none());
                        }
                    }
                    case "window" -> window(root, random, steps);
                    default -> throw new IllegalArgumentException("unknown role " + role);
                }
            } catch (DatasetBusyException e) {
                busy++;
            }
            if ("window".equals(role)) {
                break;
            }
        }
        System.out.println("finished " + role + (busy > 0 ? " (busy " + busy + "x)" : ""));
    }

    /** The window keeps its dataset open for the whole session and rescans it now and then. */
    private static void window(Path root, Random random, int steps) {
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            for (int i = 0; i < steps; i++) {
                int action = random.nextInt(4);
                if (action == 0) {
                    ds.rescan(ProgressListener.NONE, CancellationToken.none());
                } else if (action == 1) {
                    ds.journal().undo();
                } else {
                    moveSome(ds, random);
                }
            }
        }
    }

    private static void moveSome(OpenedDataset ds, Random random) {
        List<CatalogEntry> all = ds.catalog().entries().stream().filter(CatalogEntry::ok).toList();
        if (all.isEmpty()) {
            return;
        }
        List<String> paths = new ArrayList<>();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            paths.add(all.get(random.nextInt(all.size())).path());
        }
        ds.journal().move(paths.stream().distinct().toList(), LABELS.get(random.nextInt(LABELS.size())),
                MoveReason.manual());
    }
}
