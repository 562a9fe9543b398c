package dev.loupe.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.dataset.DatasetException;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {

    @TempDir
    Path dir;

    private final SampleGenerator generator = new SampleGenerator();

    private List<SampleGenerator.Item> generate(Path out, int count, double noise, long seed) {
        return generator.generate(out, SampleGenerator.Options.defaults(count, noise, seed), ProgressListener.NONE,
                CancellationToken.none());
    }

    @Test
    void sameSeedGivesSameBytes() throws IOException {
        generate(dir.resolve("a"), 40, 0.1, 7);
        generate(dir.resolve("b"), 40, 0.1, 7);
        for (Path file : files(dir.resolve("a"))) {
            Path twin = dir.resolve("b").resolve(dir.resolve("a").relativize(file));
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(twin), file.toString());
        }
    }

    @Test
    void differentSeedGivesDifferentImages() throws IOException {
        generate(dir.resolve("a"), 10, 0.1, 1);
        generate(dir.resolve("b"), 10, 0.1, 2);
        Path a = files(dir.resolve("a")).stream().filter(p -> p.toString().endsWith(".jpg")).findFirst().orElseThrow();
        Path b = dir.resolve("b").resolve(dir.resolve("a").relativize(a));
        boolean same = Files.exists(b) && java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(same);
    }

    @Test
    void plantsExactlyTheRequestedShareOfMisfiledImagesAndListsThem() throws IOException {
        Path out = dir.resolve("s");
        List<SampleGenerator.Item> items = generate(out, 100, 0.08, 3);
        assertEquals(8, items.stream().filter(SampleGenerator.Item::mislabeled).count());
        List<String> lines = Files.readAllLines(out.resolve(SampleGenerator.GROUND_TRUTH), StandardCharsets.UTF_8);
        assertEquals(SampleGenerator.GROUND_TRUTH_HEADER, lines.get(0));
        assertEquals(100, lines.size() - 1);
        long listedWrong = lines.stream().skip(1).filter(l -> l.endsWith(",yes")).count();
        assertEquals(8, listedWrong);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(Files.isRegularFile(out.resolve(f[0])), f[0]);
            assertTrue(f[0].startsWith(f[1] + "/"), "filed_as must be the folder: " + line);
            assertEquals(f[1].equals(f[2]) ? "no" : "yes", f[4]);
        }
    }

    @Test
    void classesAreBalancedBeforeNoiseAndNamesDoNotRevealTheClass() {
        List<SampleGenerator.Item> items = generator.plan(SampleGenerator.Options.defaults(200, 0.1, 5));
        assertEquals(100, items.stream().filter(i -> i.trueClass().equals(SampleGenerator.ROAD)).count());
        assertTrue(items.stream().allMatch(i -> i.path().matches("(road|not-road)/img_\\d{5}\\.jpg")));
    }

    @Test
    void refusesToWriteIntoAFolderWithFiles() {
        TestImages.bytes(dir.resolve("busy/keep.txt"), "mine".getBytes(StandardCharsets.UTF_8));
        DatasetException e = assertThrows(DatasetException.class, () -> generate(dir.resolve("busy"), 10, 0.1, 1));
        assertTrue(e.getMessage().contains("not empty"));
        assertTrue(Files.exists(dir.resolve("busy/keep.txt")));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
