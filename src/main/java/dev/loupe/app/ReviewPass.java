package dev.loupe.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of one review pass over the grid. While the annotator works through it, the tiles keep their
 * places: a decided tile stays where it was (marked), whatever re-ranking, moving or filtering would say, so
 * the focus never jumps over an image nobody has looked at. Images that join the queue meanwhile (new suspects
 * from a background re-rank, files added on disk) go to the end. A new pass starts when the annotator asks
 * for one (R, or a change of queue, filter or sort).
 *
 * <p>Tiles are known by content hash, so a moved image (new path, new label) keeps its place.
 */
final class ReviewPass {

    private final Map<String, Integer> position;
    private int newcomers;

    private ReviewPass(Map<String, Integer> position) {
        this.position = position;
    }

    /** A pass over {@code shown}, in that order. */
    static ReviewPass of(List<ImageTile> shown) {
        Map<String, Integer> position = new LinkedHashMap<>();
        for (ImageTile t : shown) {
            position.putIfAbsent(t.sha256(), position.size());
        }
        return new ReviewPass(position);
    }

    /**
     * What the grid shows during the pass: every tile of the pass that still exists (from {@code all}, in the
     * pass's order, whether or not it still matches the queue), then {@code matching} tiles that joined since.
     */
    List<ImageTile> arrange(List<ImageTile> all, List<ImageTile> matching) {
        Map<String, List<ImageTile>> bySha = new HashMap<>();
        for (ImageTile t : all) {
            if (position.containsKey(t.sha256())) {
                bySha.computeIfAbsent(t.sha256(), k -> new ArrayList<>()).add(t);
            }
        }
        List<ImageTile> out = new ArrayList<>();
        for (String sha : position.keySet()) {
            out.addAll(bySha.getOrDefault(sha, List.of()));
        }
        List<String> joined = new ArrayList<>();
        for (ImageTile t : matching) {
            if (!position.containsKey(t.sha256())) {
                out.add(t);
                joined.add(t.sha256());
            }
        }
        for (String sha : joined) {
            position.putIfAbsent(sha, position.size());
        }
        newcomers += joined.size();
        return out;
    }

    /** How many images joined the pass at its end since it began (new suspects after a re-rank, new files). */
    int newcomers() {
        return newcomers;
    }

    /**
     * Where the focus goes after a decision on the tile at {@code decidedAt}: the next undecided tile after it,
     * else the first undecided one before it, else {@code decidedAt} (everything is decided).
     */
    static int nextUndecided(List<ImageTile> shown, int decidedAt) {
        for (int i = decidedAt + 1; i < shown.size(); i++) {
            if (!shown.get(i).reviewed()) {
                return i;
            }
        }
        for (int i = 0; i <= Math.min(decidedAt, shown.size() - 1); i++) {
            if (!shown.get(i).reviewed()) {
                return i;
            }
        }
        return Math.min(Math.max(decidedAt, 0), shown.size() - 1);
    }
}
