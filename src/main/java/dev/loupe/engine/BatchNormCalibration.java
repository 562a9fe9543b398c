package dev.loupe.engine;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Data-dependent initialisation for randomly initialised networks: sets every batch-norm layer's running
 * mean and variance to the statistics its input actually has on a sample batch. Without it, a random deep
 * network's activations shrink to nothing (MobileNet) or blow up to infinity (ResNet50) in inference mode.
 */
final class BatchNormCalibration {

    private BatchNormCalibration() {
    }

    static void calibrate(ComputationGraph net, INDArray sample) {
        // In training mode every batch-norm layer normalises with the batch's own statistics, so one pass gives
        // each layer's input as it will be once the layers before it are calibrated.
        Map<String, INDArray> activations = net.feedForward(sample, true);
        for (Layer layer : net.getLayers()) {
            if (!(layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization)) {
                continue;
            }
            String name = layer.conf().getLayer().getLayerName();
            List<String> inputs = net.getConfiguration().getVertexInputs().get(name);
            INDArray in = activations.get(inputs.get(0));
            if (in == null || in.rank() != 4) {
                continue;
            }
            Map<String, INDArray> params = layer.paramTable();
            INDArray mean = params.get("mean");
            if (mean == null) {
                continue;
            }
            mean.assign(in.mean(0, 2, 3).reshape(mean.shape()));
            INDArray batchVar = in.var(false, 0, 2, 3);
            INDArray var = params.get("var");
            INDArray logStd = params.get("log10stdev");
            if (var != null) {
                var.assign(batchVar.reshape(var.shape()));
            } else if (logStd != null) {
                // DL4J's default batch norm stores log10 of the standard deviation instead of the variance.
                double eps = ((org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer()).getEps();
                logStd.assign(org.nd4j.linalg.ops.transforms.Transforms.log(batchVar.add(eps), 10)
                        .muli(0.5).reshape(logStd.shape()));
            }
        }
        // DL4J frees the calibration pass's native buffers only when their Java owners are collected; do it
        // now, before exporting and loading the graph need memory of their own (ResNet50: 1.9 GB peak -> 1.3).
        activations = null;
        System.gc();
    }
}
