package dev.loupe.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loads Keras-applications MobileNet v1 weights ({@code mobilenet_<a>_<res>_tf_[no_top.]h5}) into a
 * {@link MobileNetV1} graph. Keras kernels are HWIO; DL4J's convolution weights are OIHW. Layer shapes do not
 * depend on the input resolution, so a file made at 224 loads at any resolution.
 */
public final class KerasMobileNetWeights {

    private KerasMobileNetWeights() {
    }

    /** The width multiplier a weight file was made for, read from its first convolution. */
    public static double alphaOf(Path h5) {
        try (Hdf5Archive archive = open(h5)) {
            INDArray kernel = archive.readDataSet("kernel:0", "conv1", "conv1");
            long filters = kernel.size(3);
            return filters / 32.0;
        } catch (UnsupportedKerasConfigurationException | RuntimeException e) {
            throw new EngineException(h5 + " is not a Keras MobileNet v1 weight file: " + e.getMessage(), e);
        }
    }

    /**
     * Copies every convolution and batch-norm weight from the file into {@code net}.
     *
     * @throws EngineException when the file is missing, is not MobileNet weights, or has another width
     */
    public static void load(ComputationGraph net, BackboneSpec spec, Path h5) {
        if (!Files.isRegularFile(h5)) {
            throw new EngineException("Weight file not found: " + h5);
        }
        double fileAlpha = alphaOf(h5);
        if (fileAlpha != spec.alpha()) {
            throw new EngineException(h5.getFileName() + " holds MobileNet weights for alpha " + fileAlpha
                    + ", but the backbone " + spec.name() + " has alpha " + spec.alphaText());
        }
        try (Hdf5Archive archive = open(h5)) {
            copyConv(archive, net, "conv1");
            copyBatchNorm(archive, net, "conv1_bn");
            for (int id = 1; id <= 13; id++) {
                copyDepthwise(archive, net, "conv_dw_" + id);
                copyBatchNorm(archive, net, "conv_dw_" + id + "_bn");
                copyConv(archive, net, "conv_pw_" + id);
                copyBatchNorm(archive, net, "conv_pw_" + id + "_bn");
            }
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EngineException("Cannot read MobileNet weights from " + h5 + ": " + e.getMessage(), e);
        }
    }

    private static Hdf5Archive open(Path h5) {
        return new Hdf5Archive(h5.toAbsolutePath().toString());
    }

    private static INDArray read(Hdf5Archive archive, String layer, String name) {
        try {
            return archive.readDataSet(name, layer, layer).castTo(DataType.FLOAT);
        } catch (UnsupportedKerasConfigurationException e) {
            throw new EngineException("cannot read " + layer + "/" + name + ": " + e.getMessage(), e);
        }
    }

    private static void copyConv(Hdf5Archive archive, ComputationGraph net, String layer) {
        INDArray hwio = read(archive, layer, "kernel:0");
        set(net, layer, "W", hwio.permute(3, 2, 0, 1));
    }

    private static void copyDepthwise(Hdf5Archive archive, ComputationGraph net, String layer) {
        // Keras depthwise kernels are [kH, kW, channels, multiplier], the layout DL4J uses too.
        set(net, layer, "W", read(archive, layer, "depthwise_kernel:0"));
    }

    private static void copyBatchNorm(Hdf5Archive archive, ComputationGraph net, String layer) {
        set(net, layer, "gamma", read(archive, layer, "gamma:0"));
        set(net, layer, "beta", read(archive, layer, "beta:0"));
        set(net, layer, "mean", read(archive, layer, "moving_mean:0"));
        set(net, layer, "var", read(archive, layer, "moving_variance:0"));
    }

    private static void set(ComputationGraph net, String layerName, String param, INDArray value) {
        Layer layer = net.getLayer(layerName);
        if (layer == null) {
            throw new EngineException("network has no layer " + layerName);
        }
        Map<String, INDArray> params = layer.paramTable();
        INDArray target = params.get(param);
        if (target == null) {
            throw new EngineException("layer " + layerName + " has no parameter " + param);
        }
        if (target.length() != value.length()) {
            throw new EngineException("weights for " + layerName + "/" + param + " have shape "
                    + Arrays.toString(value.shape()) + ", the network expects " + Arrays.toString(target.shape()));
        }
        target.assign(value.dup('c').reshape(target.shape()));
    }
}
