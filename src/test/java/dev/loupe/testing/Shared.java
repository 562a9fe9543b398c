package dev.loupe.testing;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ../shared} (weights, golden features, real photos) found from the project root, wherever the tests
 * run from; when it is missing, the first test that asks says so loudly on stderr, and such tests skip.
 */
public final class Shared {

    private static final Path ROOT = locate();
    private static boolean warned;

    private Shared() {
    }

    /** {@code <project>/../shared}, whether or not it exists. */
    public static Path root() {
        if (!Files.isDirectory(ROOT) && !warned) {
            warned = true;
            System.err.println("WARNING: " + ROOT + " is missing: tests that need the shared weights, golden "
                    + "features or real photos are SKIPPED. CI always has it.");
        }
        return ROOT;
    }

    /** The shared ImageNet MobileNet 0.25 weights (Keras HDF5). */
    public static Path mobileNet025() {
        return root().resolve("weights").resolve("mobilenet_2_5_224_tf_no_top.h5");
    }

    private static Path locate() {
        try {
            // target/test-classes → the project root → its sibling shared/
            Path classes = Path.of(Shared.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path project = classes.getParent().getParent();
            return project.resolveSibling("shared").toAbsolutePath().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("..", "shared").toAbsolutePath().normalize();
        }
    }
}
