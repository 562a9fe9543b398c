package dev.loupe.journal;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Child process for {@link JournalCrashTest}: opens a dataset (recovering whatever the previous, killed
 * child left) and then moves, undoes and redoes at random until it is killed or has done 1,000 moves.
 */
public final class JournalTorture {

    private JournalTorture() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        List<String> labels = List.of("a", "b", "c", "_unsure");
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            System.out.println("ready");
            System.out.flush();
            int moves = 0;
            while (moves < 1000) {
                int action = random.nextInt(10);
                if (action < 6) {
                    List<CatalogEntry> all = ds.catalog().entries().stream().filter(CatalogEntry::ok).toList();
                    List<String> paths = new ArrayList<>();
                    for (int k = 1 + random.nextInt(3); k > 0; k--) {
                        paths.add(all.get(random.nextInt(all.size())).path());
                    }
                    ds.journal().move(paths.stream().distinct().toList(), labels.get(random.nextInt(labels.size())),
                            MoveReason.manual());
                    moves++;
                } else if (action < 9) {
                    ds.journal().undo();
                } else {
                    ds.journal().redo();
                }
            }
        }
        System.out.println("finished");
    }
}
