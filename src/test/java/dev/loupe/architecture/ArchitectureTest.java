package dev.loupe.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of {@code ../shared/STYLE.md}: app → cli → core features → engine. */
@AnalyzeClasses(packages = "dev.loupe", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {"dev.loupe.work..", "dev.loupe.dataset..", "dev.loupe.imaging..",
        "dev.loupe.sample..", "dev.loupe.engine..", "dev.loupe.features..", "dev.loupe.issues..",
        "dev.loupe.journal..", "dev.loupe.rounds..", "dev.loupe.export..", "dev.loupe.cli..", "dev.loupe.cluster..",
        "dev.loupe.spark.."};

    @ArchTest
    static final ArchRule coreAndCliDoNotUseJavaFx = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("only the app package is JavaFX; everything else runs headless");

    @ArchTest
    static final ArchRule onlyTheEngineUsesDeepLearningLibraries = noClasses()
            .that().resideOutsideOfPackage("dev.loupe.engine..")
            // OpenCV's JPEG decoder, a native library too, is isolated in this one class of the imaging package.
            .and().doNotHaveFullyQualifiedName("dev.loupe.imaging.NativeJpeg")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..",
                    "ai.onnxruntime..", "org.bytedeco..")
            .because("the engine package isolates DL4J, ND4J and ONNX Runtime behind Loupe's own API");

    @ArchTest
    static final ArchRule coreDoesNotDependOnCliOrApp = noClasses()
            .that().resideInAnyPackage("dev.loupe.work..", "dev.loupe.dataset..", "dev.loupe.imaging..",
                    "dev.loupe.sample..", "dev.loupe.engine..", "dev.loupe.features..", "dev.loupe.issues..",
                    "dev.loupe.journal..", "dev.loupe.rounds..", "dev.loupe.export..", "dev.loupe.cluster..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.cli..", "dev.loupe.app..",
                    "dev.loupe.spark..");

    @ArchTest
    static final ArchRule onlyTheSparkJobsUseSpark = noClasses().that().resideOutsideOfPackage("dev.loupe.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
            .because("Spark is provided by spark-submit: the desktop app never loads it (Main finds the jobs by name)");

    @ArchTest
    static final ArchRule cliDoesNotDependOnTheApp = noClasses().that().resideInAPackage("dev.loupe.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.loupe.app..");

    @ArchTest
    static final ArchRule onlyTheJournalMovesImages = noClasses().that().resideInAnyPackage("dev.loupe.app..",
                    "dev.loupe.cli..", "dev.loupe.dataset..", "dev.loupe.features..", "dev.loupe.issues..",
                    "dev.loupe.rounds..", "dev.loupe.imaging..", "dev.loupe.sample..")
            // The thumbnail cache renames its own temporary files inside .loupe/, never an image.
            .and().doNotHaveFullyQualifiedName("dev.loupe.imaging.ThumbnailCache")
            // loupe evaluate fills a scratch copy of a trusted dataset with planted errors; the original is only read.
            .and().doNotHaveFullyQualifiedName("dev.loupe.cli.EvaluateCommand")
            .should().callMethod(java.nio.file.Files.class, "move", java.nio.file.Path.class, java.nio.file.Path.class,
                    java.nio.file.CopyOption[].class)
            .orShould().callMethod(java.nio.file.Files.class, "createLink", java.nio.file.Path.class,
                    java.nio.file.Path.class)
            .orShould().callMethod(java.nio.file.Files.class, "delete", java.nio.file.Path.class)
            .orShould().callMethod(java.nio.file.Files.class, "deleteIfExists", java.nio.file.Path.class)
            .orShould().callMethod(java.nio.file.Files.class, "copy", java.nio.file.Path.class, java.nio.file.Path.class,
                    java.nio.file.CopyOption[].class)
            .because("every relabel goes through the move journal, so it can be undone and survives a crash, and "
                    + "nothing else moves, copies, links or deletes files");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = com.tngtech.archunit.library.dependencies.SlicesRuleDefinition
            .slices().matching("dev.loupe.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule standardStreamsOnlyInCommands = noClasses()
            .that().resideOutsideOfPackage("dev.loupe.cli..")
            .and().doNotHaveSimpleName("UiBenchCommand").and().doNotHaveSimpleName("Main")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .because("commands print; the core reports through return values, progress listeners and the log");

    @ArchTest
    static final ArchRule engineDependsOnNoFeature = noClasses().that().resideInAPackage("dev.loupe.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.dataset..", "dev.loupe.features..",
                    "dev.loupe.issues..", "dev.loupe.journal..", "dev.loupe.rounds..", "dev.loupe.export..")
            .allowEmptyShould(true);
}
