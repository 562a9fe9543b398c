package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsStoreTest {

    private static final BackboneSpec SPEC = BackboneSpec.mobileNet(0.5, 128);

    @TempDir
    Path cache;

    private HttpServer server;
    private final List<String> ranges = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A local server that serves {@code body} for any path and honours "Range: bytes=N-". */
    private String serve(byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            exchange.sendResponseHeaders(range == null ? 200 : 206, body.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/weights/";
    }

    private Optional<Path> download(String base) {
        return new WeightsStore(cache, base).resolve(SPEC, WeightsChoice.pretrained(), ProgressListener.NONE,
                CancellationToken.none());
    }

    @Test
    void downloadsIntoTheCacheOnFirstUseOnly() throws IOException {
        byte[] body = "pretend weights".getBytes();
        String base = serve(body);
        Path file = download(base).orElseThrow();
        assertEquals(cache.resolve("mobilenet_5_0_128_tf_no_top.h5"), file);
        assertArrayEquals(body, Files.readAllBytes(file));
        download(base);
        assertEquals(1, ranges.size(), "a cached file must not be downloaded again");
    }

    @Test
    void aCachedFileDamagedSinceItsDownloadIsNamedNotLoaded() throws IOException {
        String base = serve("pretend weights".getBytes());
        Path file = download(base).orElseThrow();
        assertTrue(Files.readString(cache.resolve("mobilenet_5_0_128_tf_no_top.h5.sha256"))
                .startsWith(WeightsStore.sha256(file)), "the download's SHA-256 is recorded");
        Files.writeString(file, "pretend weights, then a bad copy");
        EngineException e = assertThrows(EngineException.class, () -> download(base));
        assertTrue(e.getMessage().contains("is damaged. Delete it"), e.getMessage());
        assertEquals(1, ranges.size(), "nothing is downloaded over it behind the user's back");
    }

    @Test
    void resumesAPartialDownload() throws IOException {
        byte[] body = "0123456789abcdefghij".getBytes();
        Files.write(cache.resolve("mobilenet_5_0_128_tf_no_top.h5.part"), "0123456789".getBytes());
        Path file = download(serve(body)).orElseThrow();
        assertEquals(List.of("bytes=10-"), ranges);
        assertArrayEquals(body, Files.readAllBytes(file));
        assertFalse(Files.exists(cache.resolve("mobilenet_5_0_128_tf_no_top.h5.part")));
    }

    @Test
    void corruptDownloadOfAKnownFileIsRejectedAndDeleted() throws IOException {
        String base = serve("not the real file".getBytes());
        BackboneSpec known = BackboneSpec.mobileNet(0.25, 224);
        EngineException e = assertThrows(EngineException.class, () -> new WeightsStore(cache, base)
                .resolve(known, WeightsChoice.pretrained(), ProgressListener.NONE, CancellationToken.none()));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("mobilenet_2_5_224_tf_no_top.h5")));
    }

    @Test
    void offlineSaysWhichFileToFetchAndWhereToPutIt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EngineException e = assertThrows(EngineException.class, () -> download("http://127.0.0.1:" + closedPort + "/m/"));
        assertTrue(e.getMessage().contains("Fetch:   http://127.0.0.1:" + closedPort + "/m/mobilenet_5_0_128_tf_no_top.h5"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Save as: " + cache.resolve("mobilenet_5_0_128_tf_no_top.h5")), e.getMessage());
        assertTrue(e.getMessage().contains("--weights FILE"), e.getMessage());
    }

    @Test
    void namedFileMustExist() {
        EngineException e = assertThrows(EngineException.class, () -> new WeightsStore(cache, "http://unused/")
                .resolve(SPEC, WeightsChoice.file(cache.resolve("missing.h5")), ProgressListener.NONE,
                        CancellationToken.none()));
        assertTrue(e.getMessage().startsWith("Weight file not found"), e.getMessage());
    }

    @Test
    void settingsFileNamesALocalWeightsFileForABackbone() throws IOException {
        Path local = Files.writeString(cache.resolve("my-weights.h5"), "weights");
        Path settings = Files.writeString(cache.resolve("loupe.properties"),
                "weights.mobilenet-0.5-128=" + local + "\n");
        WeightsStore store = new WeightsStore(cache.resolve("cache"), "http://unused/", settings);
        assertEquals(local, store.resolve(SPEC, WeightsChoice.pretrained(), ProgressListener.NONE,
                CancellationToken.none()).orElseThrow());
        assertTrue(store.configuredFile(BackboneSpec.mobileNet(1.0, 224)).isEmpty());
    }

    @Test
    void aChosenFileIsRememberedInTheSettingsAndNoLongerMissing() throws IOException {
        Path settings = cache.resolve("config/loupe.properties");
        WeightsStore store = new WeightsStore(cache.resolve("cache"), "http://unused/", settings);
        assertTrue(store.missingWeights(SPEC).orElseThrow().contains("http://unused/mobilenet_5_0_128_tf_no_top.h5"));
        Path local = Files.writeString(cache.resolve("mine.h5"), "weights");
        store.saveConfiguredFile(SPEC, local);
        assertEquals(Optional.of(local.toAbsolutePath()), store.configuredFile(SPEC));
        assertTrue(store.missingWeights(SPEC).isEmpty());
    }

    @Test
    void noneMeansRandomWeights() {
        assertTrue(new WeightsStore(cache, "http://unused/").resolve(SPEC, WeightsChoice.none(), ProgressListener.NONE,
                CancellationToken.none()).isEmpty());
    }

    @Test
    void aCachedFileOfTheSameWidthStandsInForAnotherInputSize() throws Exception {
        Path cache = Files.createTempDirectory("loupe-weights");
        try {
            WeightsStore store = new WeightsStore(cache, "http://127.0.0.1:9/");
            Files.writeString(cache.resolve("mobilenet_2_5_224_tf_no_top.h5"), "x");
            assertEquals(Optional.of(cache.resolve("mobilenet_2_5_224_tf_no_top.h5")),
                    store.cachedSameWidth(BackboneSpec.mobileNet(0.25, 128)));
            assertEquals(Optional.empty(), store.cachedSameWidth(BackboneSpec.mobileNet(0.5, 128)));
            assertEquals(Optional.empty(), store.cachedSameWidth(BackboneSpec.parse("resnet50")));
        } finally {
            try (var files = Files.list(cache)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(cache);
        }
    }
}
