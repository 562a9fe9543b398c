package dev.loupe.engine;

import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Finds pretrained weights: a file the user named, or the official Keras-applications file in a per-user
 * cache, downloaded on first use (resumable, verified). Offline, it says exactly which file to fetch and
 * where to put it.
 *
 * <p>The cache folder is {@code $LOUPE_WEIGHTS_DIR}, else {@code weights} in the user's cache folder
 * ({@code ~/.cache/loupe/weights} on Linux, see {@link dev.loupe.work.UserFolders}). A local file can also be
 * named per backbone in the settings file {@code loupe.properties} in the user's settings folder
 * ({@code ~/.config/loupe} on Linux), e.g.
 * {@code weights.mobilenet-0.25-224=/data/models/mobilenet_2_5_224_tf_no_top.h5}.
 */
public final class WeightsStore {

    /** Where Keras-applications publishes the MobileNet v1 weights. */
    public static final String KERAS_MOBILENET_BASE =
            "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/";

    /** SHA-256 of files we have verified ourselves; other files are checked structurally when loaded. */
    private static final Map<String, String> KNOWN_SHA256 = Map.of(
            "mobilenet_2_5_224_tf_no_top.h5", "dbdb03ee2a22fd895301636cd328b234bb3a9952358f436d82f46b81e0d5b0bf");

    private final Path cacheDir;
    private final String baseUrl;
    private final HttpClient http;
    private final Path settingsFile;

    public WeightsStore(Path cacheDir, String baseUrl) {
        this(cacheDir, baseUrl, null);
    }

    /** @param settingsFile a properties file with {@code weights.<backbone>=FILE} entries, or null */
    public WeightsStore(Path cacheDir, String baseUrl, Path settingsFile) {
        this.settingsFile = settingsFile;
        this.cacheDir = cacheDir;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The store users get: the per-user cache and the official download location. */
    public static WeightsStore standard() {
        return new WeightsStore(defaultCacheDir(), KERAS_MOBILENET_BASE, defaultSettingsFile());
    }

    public static Path defaultSettingsFile() {
        return dev.loupe.work.UserFolders.standard().config().resolve("loupe.properties");
    }

    /**
     * Names {@code file} as the weights of {@code spec} in the settings file (creating it if needed), so every
     * later run, in the window and on the command line, uses it.
     */
    public void saveConfiguredFile(BackboneSpec spec, Path file) {
        if (settingsFile == null) {
            throw new EngineException("No settings file to remember " + file + " in");
        }
        if (!Files.isRegularFile(file)) {
            throw new EngineException("Weight file not found: " + file.toAbsolutePath());
        }
        java.util.Properties settings = new java.util.Properties();
        try {
            if (Files.isRegularFile(settingsFile)) {
                try (InputStream in = Files.newInputStream(settingsFile)) {
                    settings.load(in);
                }
            }
            settings.setProperty("weights." + spec.name(), file.toAbsolutePath().toString());
            Files.createDirectories(settingsFile.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(settingsFile)) {
                settings.store(out, "Loupe settings");
            }
        } catch (IOException e) {
            throw new EngineException("Cannot write the settings file " + settingsFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why {@code spec}'s ImageNet weights are not on this machine yet (what to fetch, where to save it), or empty
     * when they are: named in the settings, cached, or a cached file of the same width can stand in.
     */
    public Optional<String> missingWeights(BackboneSpec spec) {
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
            return Optional.empty();
        }
        Optional<Path> configured = configuredFile(spec);
        if (configured.isPresent() && Files.isRegularFile(configured.get())
                || Files.isRegularFile(cachedFile(spec)) || cachedSameWidth(spec).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("No ImageNet weights for " + spec.name() + " on this machine yet. Scoring downloads "
                + urlFor(spec) + " into " + cachedFile(spec).toAbsolutePath() + "; offline, fetch it elsewhere "
                + "and choose it here. Without them the judge has random weights and its verdicts mean little.");
    }

    /** The weights file the settings name for {@code spec}, if any. */
    public Optional<Path> configuredFile(BackboneSpec spec) {
        if (settingsFile == null || !Files.isRegularFile(settingsFile)) {
            return Optional.empty();
        }
        java.util.Properties settings = new java.util.Properties();
        try (InputStream in = Files.newInputStream(settingsFile)) {
            settings.load(in);
        } catch (IOException e) {
            throw new EngineException("Cannot read the settings file " + settingsFile + ": " + e.getMessage(), e);
        }
        String value = settings.getProperty("weights." + spec.name());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.trim()));
    }

    public static Path defaultCacheDir() {
        String explicit = System.getenv("LOUPE_WEIGHTS_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return dev.loupe.work.UserFolders.standard().cache().resolve("weights");
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** Keras' file name for a MobileNet's ImageNet weights without the classifier top. */
    public static String mobileNetFileName(BackboneSpec spec) {
        String alpha = switch (spec.alphaText()) {
            case "0.25" -> "2_5";
            case "0.5" -> "5_0";
            case "0.75" -> "7_5";
            default -> "1_0";
        };
        return "mobilenet_" + alpha + "_" + spec.resolution() + "_tf_no_top.h5";
    }

    public String urlFor(BackboneSpec spec) {
        return baseUrl + mobileNetFileName(spec);
    }

    /** Where the cached weights for {@code spec} live (whether or not they are there yet). */
    public Path cachedFile(BackboneSpec spec) {
        return cacheDir.resolve(mobileNetFileName(spec));
    }

    /**
     * A cached ImageNet file of the same width at another input size (224 first), for when the exact file
     * cannot be had: a MobileNet's weights do not depend on the input size, so they load at any resolution
     * (Keras trained one file per size; the 224 one is usually what was downloaded).
     */
    public Optional<Path> cachedSameWidth(BackboneSpec spec) {
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
            return Optional.empty();
        }
        for (int resolution : new int[] {224, 192, 160, 128}) {
            Path file = cachedFile(BackboneSpec.mobileNet(spec.alpha(), resolution));
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** The weights file for {@code spec} under {@code choice}; empty for random initialisation. */
    public Optional<Path> resolve(BackboneSpec spec, WeightsChoice choice, ProgressListener progress,
                                  CancellationToken cancel) {
        return switch (choice.kind()) {
            case NONE -> Optional.empty();
            case FILE -> {
                if (!Files.isRegularFile(choice.file())) {
                    throw new EngineException("Weight file not found: " + choice.file().toAbsolutePath());
                }
                yield Optional.of(choice.file());
            }
            case DOWNLOAD -> {
                if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
                    throw new EngineException(spec.name() + " downloads its weights through the DL4J zoo");
                }
                Optional<Path> configured = configuredFile(spec);
                if (configured.isPresent()) {
                    if (!Files.isRegularFile(configured.get())) {
                        throw new EngineException("The settings file " + settingsFile + " names " + configured.get()
                                + " for " + spec.name() + ", but there is no such file");
                    }
                    yield configured;
                }
                Path file = cachedFile(spec);
                if (!Files.isRegularFile(file)) {
                    download(spec, file, progress, cancel);
                } else {
                    checkCached(file);
                }
                yield Optional.of(file);
            }
        };
    }

    private void download(BackboneSpec spec, Path target, ProgressListener progress, CancellationToken cancel) {
        String url = urlFor(spec);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(cacheDir);
            long have = Files.exists(part) ? Files.size(part) : 0;
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10));
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            boolean append = status == 206;
            if (status != 200 && status != 206) {
                response.body().close();
                throw new IOException("the server answered HTTP " + status);
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1) + (append ? have : 0);
            long done = append ? have : 0;
            try (InputStream in = response.body();
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    done += n;
                    progress.progress(done, total, "Downloading " + target.getFileName());
                    cancel.throwIfCancelled();
                }
            }
            String sha256 = verify(part, target.getFileName().toString());
            Files.writeString(checksumFile(target), sha256 + "  " + target.getFileName() + "\n");
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("Download of " + url + " interrupted", e);
        } catch (IOException e) {
            throw offline(spec, url, target, e);
        }
    }

    /**
     * Checks a downloaded file against its published SHA-256, where Loupe knows one (Keras publishes none for
     * the MobileNet v1 files; the one pinned here was verified by hand), and returns its SHA-256.
     */
    private static String verify(Path file, String name) throws IOException {
        String expected = KNOWN_SHA256.get(name);
        String actual = sha256(file);
        if (expected != null && !expected.equals(actual)) {
            Files.delete(file);
            throw new EngineException("Downloaded " + name + " has SHA-256 " + actual + ", expected " + expected
                    + "; the file was deleted. Try again, or fetch it by hand.");
        }
        return actual;
    }

    /** Where the SHA-256 a cached file had when it was downloaded is kept. */
    static Path checksumFile(Path cached) {
        return cached.resolveSibling(cached.getFileName() + ".sha256");
    }

    /**
     * A cached file must still be what was downloaded (the SHA-256 recorded then, or the published one): a file
     * damaged since (a full disk, a copy gone wrong) is named, never loaded as weights.
     */
    private static void checkCached(Path file) {
        String name = file.getFileName().toString();
        String expected = KNOWN_SHA256.get(name);
        Path recorded = checksumFile(file);
        try {
            if (expected == null && Files.isRegularFile(recorded)) {
                String line = Files.readString(recorded).strip();
                expected = line.isEmpty() ? null : line.split("\\s+")[0];
            }
        } catch (IOException e) {
            expected = null;
        }
        if (expected == null) {
            return;
        }
        String actual = sha256(file);
        if (!expected.equals(actual)) {
            throw new EngineException("The cached weights file " + file + " has SHA-256 " + actual + ", not "
                    + expected + " as when it was downloaded: it is damaged. Delete it (and " + recorded.getFileName()
                    + ") and Loupe downloads it again.");
        }
    }

    private EngineException offline(BackboneSpec spec, String url, Path target, IOException cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new EngineException("Could not download the ImageNet weights for " + spec.name() + " (" + reason + ").\n"
                + "  Fetch:   " + url + "\n"
                + "  Save as: " + target.toAbsolutePath() + "\n"
                + "  or pass --weights FILE to use a local copy, or --weights none to train from scratch.", cause);
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new EngineException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex SHA-256 of bytes in memory (the same as of a file holding them). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
