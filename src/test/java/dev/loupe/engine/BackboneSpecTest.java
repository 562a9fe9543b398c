package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackboneSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet-0.25-224", "mobilenet-0.5-128", "mobilenet-0.75-160", "mobilenet-1.0-192",
        "resnet50"})
    void namesRoundTrip(String name) {
        assertEquals(name, BackboneSpec.parse(name).name());
    }

    @Test
    void everyPaperVariantIsListed() {
        assertEquals(16, BackboneSpec.knownNames().stream().filter(n -> n.startsWith("mobilenet-")).count());
        assertTrue(BackboneSpec.knownNames().contains("resnet50"));
    }

    @Test
    void unknownWidthSaysWhichAreAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackboneSpec.parse("mobilenet-0.3-224"));
        assertTrue(e.getMessage().contains("0.25, 0.5, 0.75, 1.0"), e.getMessage());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackboneSpec.parse("inception"));
        assertTrue(e.getMessage().contains("mobilenet-0.25-128"), e.getMessage());
    }

    @Test
    void kerasFileNamesFollowKerasApplications() {
        assertEquals("mobilenet_2_5_224_tf_no_top.h5", WeightsStore.mobileNetFileName(BackboneSpec.parse("mobilenet-0.25-224")));
        assertEquals("mobilenet_1_0_128_tf_no_top.h5", WeightsStore.mobileNetFileName(BackboneSpec.parse("mobilenet-1.0-128")));
        assertEquals("mobilenet_7_5_160_tf_no_top.h5", WeightsStore.mobileNetFileName(BackboneSpec.parse("mobilenet-0.75-160")));
    }
}
