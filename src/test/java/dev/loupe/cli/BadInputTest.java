package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input file, through the commands that read images: {@code loupe index} catalogues it with a
 * clear reason (and the dataset's good image stays usable), {@code loupe classify} refuses it with the same
 * reason instead of answering, and neither hangs or prints a stack trace.
 */
class BadInputTest {

    private static final String BUNDLE = "src/test/resources/bundles/format1-mobilenet-0.25-128";

    @TempDir
    Path root;

    /** Puts one bad file at {@code file}. */
    @FunctionalInterface
    interface Maker {
        void make(Path file) throws Exception;
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("empty file", (Maker) f -> Files.write(f, new byte[0]), "empty file (0 bytes)"),
                Arguments.of("text named .jpg", (Maker) f -> Files.writeString(f, "hello, not a picture"),
                        "not an image (unrecognised content)"),
                Arguments.of("truncated JPEG", (Maker) f -> Files.write(f,
                        TestImages.truncated(TestImages.encode("jpg", 320, 240, 4), 0.5)), "truncated or corrupt JPEG"),
                Arguments.of("69-byte JPEG claiming 10000 x 10000", (Maker) f -> Files.write(f, tinyJpeg(10_000, 10_000)),
                        "truncated or corrupt JPEG"),
                Arguments.of("PNG claiming 30000 x 30000 (a decompression bomb)", (Maker) f -> Files.write(f,
                        png(30_000, 30_000)), "too large to decode: 30000 x 30000 is 900 megapixels"),
                Arguments.of("PNG claiming 10000 x 9000 in a few bytes", (Maker) f -> Files.write(f, png(10_000, 9_000)),
                        "truncated or corrupt PNG"),
                Arguments.of("FIFO named .jpg", (Maker) f -> {
                    assumeTrue(new ProcessBuilder("mkfifo", f.toString()).start().waitFor() == 0, "no mkfifo");
                }, "not a regular file (a FIFO, device or socket)"),
                Arguments.of("link to /dev/zero", (Maker) f -> Files.createSymbolicLink(f, Path.of("/dev/zero")),
                        "not a regular file (a FIFO, device or socket)"),
                Arguments.of("broken link", (Maker) f -> Files.createSymbolicLink(f, f.resolveSibling("nowhere.jpg")),
                        "broken symbolic link"),
                Arguments.of("unsupported format (TIFF)", (Maker) f -> Files.write(f,
                        new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0}), "unsupported format: TIFF"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void indexCataloguesItWithItsReasonAndClassifyRefusesIt(String kind, Maker maker, String expected) throws Exception {
        TestImages.jpeg(root.resolve("road/good.jpg"), 1);
        TestImages.jpeg(root.resolve("not-road/good.jpg"), 2);
        Path bad = root.resolve("road/bad.jpg");
        maker.make(bad);

        CliRun index = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("index", root.toString(), "--json"));
        assertEquals(0, index.exitCode(), index.err());
        JsonNode report = new ObjectMapper().readTree(index.out());
        String reason = null;
        for (JsonNode skipped : report.get("skipped")) {
            if (skipped.get("path").asText().equals("road/bad.jpg")) {
                reason = skipped.get("reason").asText();
            }
        }
        assertTrue(reason != null && reason.contains(expected), kind + ": " + index.out());
        assertEquals(1, report.get("counts").get("road").asInt(), "the good image stays usable: " + index.out());

        CliRun classify = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> CliRun.of("classify", "--model", BUNDLE, "--json", bad.toString()));
        assertEquals(1, classify.exitCode(), kind + ": " + classify.out() + classify.err());
        JsonNode row = new ObjectMapper().readTree(classify.out()).get(0);
        assertTrue(row.get("predictions") == null, kind + ": no label for a bad file: " + classify.out());
        assertTrue(row.get("error").asText().contains(expected), kind + ": " + classify.out());
        assertTrue(!classify.err().contains("Exception"), classify.err());
    }

    /** SOI, a baseline frame header for {@code width x height}, EOI: 69 bytes with no image data. */
    private static byte[] tinyJpeg(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0xFFD8);
        out.writeShort(0xFFE0); // a JFIF APP0 segment, as real files have
        out.writeShort(16);
        out.writeBytes("JFIF");
        out.write(new byte[] {0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
        out.writeShort(0xFFC0);
        out.writeShort(17);
        out.writeByte(8);
        out.writeShort(height);
        out.writeShort(width);
        out.writeByte(3);
        for (int c = 1; c <= 3; c++) {
            out.write(new byte[] {(byte) c, 0x11, 0});
        }
        while (bytes.size() < 67) {
            out.writeByte(0);
        }
        out.writeShort(0xFFD9);
        return bytes.toByteArray();
    }

    /** A PNG whose header claims {@code width x height}, with a tiny data chunk and an end chunk. */
    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(new byte[64]);
        deflater.finish();
        byte[] data = new byte[128];
        int n = deflater.deflate(data);
        chunk(out, "IDAT", java.util.Arrays.copyOf(data, n));
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
