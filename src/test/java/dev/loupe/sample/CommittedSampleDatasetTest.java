package dev.loupe.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed {@code sample-dataset/} is what the generator makes, and fit for the README demo. */
class CommittedSampleDatasetTest {

    private static final Path SAMPLE = Path.of("sample-dataset");

    @Test
    void groundTruthMatchesTheFoldersOnDisk() throws IOException {
        List<String> lines = Files.readAllLines(SAMPLE.resolve(SampleGenerator.GROUND_TRUTH), StandardCharsets.UTF_8);
        long images;
        try (Stream<Path> walk = Files.walk(SAMPLE)) {
            images = walk.filter(p -> p.toString().endsWith(".jpg") && !p.toString().contains(".loupe")).count();
        }
        assertEquals(images, lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(Files.isRegularFile(SAMPLE.resolve(line.split(",")[0])), line);
        }
    }

    @Test
    void hasAtLeast300ImagesPerClassAndAbout8PercentMisfiled() throws IOException {
        List<String> rows = Files.readAllLines(SAMPLE.resolve(SampleGenerator.GROUND_TRUTH)).subList(1, 701);
        assertTrue(rows.stream().filter(r -> r.startsWith("road/")).count() >= 300);
        assertTrue(rows.stream().filter(r -> r.startsWith("not-road/")).count() >= 300);
        long wrong = rows.stream().filter(r -> r.endsWith(",yes")).count();
        assertEquals(56, wrong);
    }

    @Test
    void firstImagesAreByteIdenticalToAFreshRun() throws IOException {
        SampleGenerator generator = new SampleGenerator();
        SampleGenerator.Options options = SampleGenerator.Options.defaults(700, 0.08, 42);
        List<SampleGenerator.Item> plan = generator.plan(options);
        for (int i = 0; i < 5; i++) {
            SampleGenerator.Item item = plan.get(i);
            assertArrayEquals(Files.readAllBytes(SAMPLE.resolve(item.path())),
                    generator.renderJpeg(options, i, item.scene()), item.path());
        }
    }
}
