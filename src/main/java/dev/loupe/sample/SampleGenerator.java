package dev.loupe.sample;

import dev.loupe.dataset.DatasetException;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.CancelledException;
import dev.loupe.work.ProgressListener;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes a synthetic road / not-road dataset with a known fraction of deliberately misfiled images and a
 * ground-truth file that lists every image's true class. The same options give the same bytes.
 */
public final class SampleGenerator {

    public static final String ROAD = "road";
    public static final String NOT_ROAD = "not-road";
    public static final String GROUND_TRUTH = "ground-truth.csv";
    public static final String GROUND_TRUTH_HEADER = "path,filed_as,true_class,scene,mislabeled";

    /**
     * @param count  images in all (half of each class before noise)
     * @param noise  fraction of images filed in the wrong class, 0 to 0.5
     * @param seed   the same seed gives the same bytes
     */
    public record Options(int count, double noise, long seed, int width, int height, int threads) {
        public Options {
            if (count < 2) {
                throw new IllegalArgumentException("--count must be at least 2");
            }
            if (noise < 0 || noise > 0.5) {
                throw new IllegalArgumentException("--noise must be between 0 and 0.5");
            }
            if (width < 32 || height < 32 || width > 4096 || height > 4096) {
                throw new IllegalArgumentException("image size must be between 32 and 4096 pixels");
            }
        }

        public static Options defaults(int count, double noise, long seed) {
            return new Options(count, noise, seed, 224, 168, Runtime.getRuntime().availableProcessors());
        }
    }

    /** One generated image. */
    public record Item(String path, String filedAs, String trueClass, SceneKind scene) {
        public boolean mislabeled() {
            return !filedAs.equals(trueClass);
        }
    }

    private static final SceneKind[] ROAD_SCENES = weighted(
            SceneKind.HIGHWAY, 3, SceneKind.COUNTRY_ROAD, 3, SceneKind.CITY_STREET, 3, SceneKind.PARKING_LOT, 1);
    private static final SceneKind[] OTHER_SCENES = weighted(
            SceneKind.LANDSCAPE, 2, SceneKind.FOREST, 2, SceneKind.WATER, 2, SceneKind.BUILDING, 2,
            SceneKind.ROOM, 2, SceneKind.OBJECT, 2, SceneKind.TRAIL, 1, SceneKind.RAILWAY, 1);

    /** Decides every image's scene, class and folder without drawing anything. */
    public List<Item> plan(Options options) {
        int n = options.count();
        boolean[] road = new boolean[n];
        Arrays.fill(road, 0, (n + 1) / 2, true);
        Random shuffle = new Random(options.seed());
        shuffleInPlace(road, shuffle);
        int flips = (int) Math.round(n * options.noise());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffleInPlace(order, new Random(options.seed() ^ 0x5DEECE66DL));
        boolean[] flipped = new boolean[n];
        for (int i = 0; i < flips; i++) {
            flipped[order[i]] = true;
        }
        int digits = Math.max(5, String.valueOf(n).length());
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SplittableRandom r = imageRandom(options.seed(), i);
            SceneKind[] pool = road[i] ? ROAD_SCENES : OTHER_SCENES;
            SceneKind scene = pool[r.nextInt(pool.length)];
            String trueClass = road[i] ? ROAD : NOT_ROAD;
            String filedAs = flipped[i] ? (road[i] ? NOT_ROAD : ROAD) : trueClass;
            String name = String.format(Locale.ROOT, "img_%0" + digits + "d.jpg", i + 1);
            items.add(new Item(filedAs + "/" + name, filedAs, trueClass, scene));
        }
        return items;
    }

    /**
     * Writes the dataset into {@code out}, which must not exist or be empty.
     *
     * @return the images written, in file-name order
     */
    public List<Item> generate(Path out, Options options, ProgressListener progress, CancellationToken cancel) {
        prepareOutput(out);
        List<Item> items = plan(options);
        try {
            Files.createDirectories(out.resolve(ROAD));
            Files.createDirectories(out.resolve(NOT_ROAD));
        } catch (IOException e) {
            throw new DatasetException("Cannot create class folders in " + out + ": " + e.getMessage(), e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()), r -> {
            Thread t = new Thread(r, "loupe-sample");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    if (cancel.isCancelled()) {
                        return;
                    }
                    Item item = items.get(index);
                    byte[] jpeg = renderJpeg(options, index, item.scene());
                    try {
                        Files.write(out.resolve(item.path()), jpeg);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    int d = done.incrementAndGet();
                    progress.progress(d, items.size(), "Drawing image " + d + " of " + items.size());
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            throw new DatasetException("Cannot write the sample dataset to " + out + ": " + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
        cancel.throwIfCancelled();
        writeGroundTruth(out, items);
        writeReadme(out, options, items);
        return items;
    }

    /** Draws one image and encodes it as JPEG; depends only on the seed, the index and the scene. */
    byte[] renderJpeg(Options options, int index, SceneKind scene) {
        SplittableRandom r = imageRandom(options.seed(), index);
        r.nextInt(); // the plan used the first draw for the scene
        BufferedImage image = new SceneRenderer(options.width(), options.height(), r.split()).render(scene);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.82f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void prepareOutput(Path out) {
        try {
            if (Files.exists(out)) {
                if (!Files.isDirectory(out)) {
                    throw new DatasetException(out + " exists and is not a folder; choose a new folder");
                }
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isPresent()) {
                        throw new DatasetException(out + " is not empty; Loupe never overwrites files. "
                                + "Choose a new or empty folder.");
                    }
                }
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new DatasetException("Cannot create " + out + ": " + e.getMessage(), e);
        }
    }

    private static void writeGroundTruth(Path out, List<Item> items) {
        StringBuilder csv = new StringBuilder(GROUND_TRUTH_HEADER).append('\n');
        for (Item item : items) {
            csv.append(item.path()).append(',').append(item.filedAs()).append(',').append(item.trueClass())
                    .append(',').append(item.scene().name().toLowerCase(Locale.ROOT)).append(',')
                    .append(item.mislabeled() ? "yes" : "no").append('\n');
        }
        write(out.resolve(GROUND_TRUTH), csv.toString());
    }

    private static void writeReadme(Path out, Options options, List<Item> items) {
        long wrong = items.stream().filter(Item::mislabeled).count();
        String text = String.format(Locale.ROOT, """
                Synthetic road / not-road dataset made by Loupe's sample generator.

                Regenerate it with:  loupe sample OUT --count %d --noise %s --seed %d

                Images: %d (%dx%d JPEG). Deliberately misfiled: %d (%.1f%%).
                %s lists every image with the folder it is filed in, its true class, the kind of scene
                drawn, and whether it is misfiled. Parking lots are filed as road; trails and railways as
                not-road: those are the honestly ambiguous scenes.
                """, options.count(), stripZeros(options.noise()), options.seed(), items.size(), options.width(),
                options.height(), wrong, 100.0 * wrong / items.size(), GROUND_TRUTH);
        write(out.resolve("README.txt"), text);
    }

    private static String stripZeros(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static SplittableRandom imageRandom(long seed, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
    }

    private static SceneKind[] weighted(Object... kindsAndWeights) {
        List<SceneKind> out = new ArrayList<>();
        for (int i = 0; i < kindsAndWeights.length; i += 2) {
            for (int k = 0; k < (Integer) kindsAndWeights[i + 1]; k++) {
                out.add((SceneKind) kindsAndWeights[i]);
            }
        }
        return out.toArray(SceneKind[]::new);
    }

    private static void shuffleInPlace(boolean[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            boolean t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void shuffleInPlace(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
