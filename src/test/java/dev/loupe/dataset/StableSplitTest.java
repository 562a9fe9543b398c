package dev.loupe.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StableSplitTest {

    @Test
    void sharesFollowThePercentages() throws Exception {
        StableSplit split = new StableSplit(15, 5);
        Map<StableSplit.Part, Integer> counts = new EnumMap<>(StableSplit.Part.class);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 10_000; i++) {
            String hash = HexFormat.of().formatHex(sha.digest(("image " + i).getBytes()));
            counts.merge(split.of(hash), 1, Integer::sum);
        }
        assertEquals(1500, counts.get(StableSplit.Part.VALIDATION), 150);
        assertEquals(500, counts.get(StableSplit.Part.TEST), 100);
    }

    @Test
    void theSameContentAlwaysLandsInTheSameSet() {
        String hash = "3f1a9c0000000000000000000000000000000000000000000000000000000000";
        assertEquals(StableSplit.defaults().of(hash), StableSplit.defaults().of(hash.toUpperCase()));
    }

    /**
     * Pinned: which part each of 40 known hashes falls in under the default 10/10 split. A change that reshuffles
     * the test sets makes every earlier round incomparable with the next, so it must fail here first.
     */
    @Test
    void theDefaultSplitOfKnownContentNeverChanges() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        StringBuilder parts = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String hash = HexFormat.of().formatHex(sha.digest(("image " + i).getBytes()));
            parts.append(StableSplit.defaults().of(hash).ordinal());
        }
        assertEquals("0021001000001100000010200020001002200001", parts.toString(), "0 train, 1 validation, 2 test");
    }

    @Test
    void impossiblePercentagesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StableSplit(60, 40));
    }
}
