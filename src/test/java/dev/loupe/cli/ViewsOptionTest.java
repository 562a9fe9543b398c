package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --views 2}: features of each image and its mirror image, cached apart; refused where it cannot apply. */
class ViewsOptionTest {

    @TempDir
    Path root;

    @Test
    void twoViewFeaturesAreCachedApartAndRetrainingRefusesThem() throws Exception {
        for (int i = 0; i < 6; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"), "png", 40, 30, i);
        }
        for (String views : List.of("1", "2")) {
            CliRun run = CliRun.of("featurize", root.toString(), "--views", views, "--backbone", "mobilenet-0.25-128",
                    "--weights", "none");
            assertEquals(0, run.exitCode(), run.err());
        }
        List<String> keys = new ArrayList<>();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve(".loupe/features.db"));
             ResultSet rs = db.createStatement().executeQuery("SELECT DISTINCT fingerprint FROM features")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        assertEquals(2, keys.size(), "one key per view setting: " + keys);
        assertTrue(keys.stream().anyMatch(k -> k.contains(";views=flip")), keys.toString());

        CliRun three = CliRun.of("featurize", root.toString(), "--views", "3", "--weights", "none");
        assertTrue(three.exitCode() != 0 && three.err().contains("--views must be 1, 2 (the image and its mirror image) or 6"), three.err());
        CliRun retrain = CliRun.of("retrain", root.toString(), "--views", "2", "--weights", "none");
        assertTrue(retrain.exitCode() != 0 && retrain.err().contains("a round's model sees one view"), retrain.err());
    }
}
