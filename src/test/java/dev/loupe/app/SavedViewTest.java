package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view a dataset was closed with comes back on reopening; a damaged file means the default view. */
class SavedViewTest {

    @TempDir
    Path state;

    @Test
    void aSavedViewReadsBackAsWritten() {
        SavedView view = new SavedView(Queue.LOW_CONFIDENCE, "road", "IMG_1", false, "mobilenet@abc", "MobileNet");
        view.write(state);
        assertEquals(view, SavedView.read(state).orElseThrow());
    }

    @Test
    void aViewWithoutAJudgeRemembersNoRanking() {
        new SavedView(Queue.ALL, "", "", true, "", "ignored").write(state);
        SavedView read = SavedView.read(state).orElseThrow();
        assertEquals("", read.judgeFingerprint());
        assertEquals("", read.judgeName());
    }

    @Test
    void anUnknownQueueNameFallsBackToAllImagesAndNoFileToNoView() throws Exception {
        assertTrue(SavedView.read(state).isEmpty());
        Files.writeString(state.resolve(SavedView.FILE), "queue=GONE_IN_A_NEWER_VERSION\nclass=road\n");
        SavedView read = SavedView.read(state).orElseThrow();
        assertEquals(Queue.ALL, read.queue());
        assertEquals("road", read.className());
        assertTrue(read.showReviewed(), "decided images show unless the user hid them");
    }
}
