package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every layer kind the zoo exporter handles, in one small graph with lively random weights (so agreement
 * is not the trivial agreement of collapsed activations), against DL4J's own forward pass.
 */
class GraphOnnxTest {

    private static final int SIZE = 33;

    private static ComputationGraph graph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, 3))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(8)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "c1")
                .addLayer("zp", new ZeroPaddingLayer.Builder(1, 2, 0, 1).build(), "bn")
                .addLayer("mp", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build(), "zp")
                .addLayer("a", new ConvolutionLayer.Builder(1, 1).nOut(6).activation(Activation.SIGMOID).build(), "mp")
                .addLayer("b", new ConvolutionLayer.Builder(3, 3).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.LEAKYRELU).build(), "mp")
                .addVertex("m", new MergeVertex(), "a", "b")
                .addLayer("d", new DropoutLayer.Builder(0.5).build(), "m")
                .addLayer("ap", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(1, 1)
                        .padding(1, 1).build(), "d")
                .addLayer("c2", new ConvolutionLayer.Builder(2, 2).nOut(12).activation(Activation.RELU6).build(), "ap")
                .addLayer("skip", new ConvolutionLayer.Builder(1, 1).nOut(12).activation(Activation.TANH).build(), "d")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c2", "skip")
                .addLayer("gp", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "add")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "gp")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Map<String, INDArray> bn = net.getLayer("bn").paramTable();
        Random random = new Random(3);
        for (int c = 0; c < 8; c++) {
            bn.get("mean").putScalar(c, random.nextGaussian() * 0.1);
            // DL4J's default batch norm keeps log10 of the standard deviation (epsilon included): the
            // exporter has to turn that back into a variance.
            double var = 0.05 + random.nextDouble() * 0.2;
            bn.get("log10stdev").putScalar(c, Math.log10(Math.sqrt(var + 1e-5)));
            bn.get("gamma").putScalar(c, 0.5 + random.nextDouble());
            bn.get("beta").putScalar(c, random.nextGaussian() * 0.2);
        }
        return net;
    }

    @Test
    void exportedGraphGivesDl4jsPooledActivations() {
        ComputationGraph net = graph();
        Random random = new Random(5);
        float[] pixels = new float[2 * 3 * SIZE * SIZE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        INDArray input = Nd4j.create(pixels, new long[] {2, 3, SIZE, SIZE}, 'c');
        float[][] expected = new float[2][];
        INDArray pooled = net.feedForward(input, false).get("add").mean(2, 3);
        for (int n = 0; n < 2; n++) {
            expected[n] = pooled.getRow(n).toFloatVector();
        }
        try (OnnxSession session = new OnnxSession(GraphOnnx.export(net, "add", SIZE, 12))) {
            float[][] actual = session.run(pixels, 2, SIZE);
            double diff = 0;
            double between = 0;
            for (int i = 0; i < 12; i++) {
                diff = Math.max(diff, Math.max(Math.abs(expected[0][i] - actual[0][i]), Math.abs(expected[1][i] - actual[1][i])));
                between = Math.max(between, Math.abs(expected[0][i] - expected[1][i]));
            }
            assertTrue(between > 1e-3, "the two inputs must give different features: " + between);
            assertTrue(diff <= 1e-5, "max difference " + diff);
        }
    }

    @Test
    void aLayerItDoesNotKnowIsRefusedByName() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.SOFTPLUS).build(), "in")
                .addLayer("gp", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "c")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "gp")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        EngineException e = assertThrows(EngineException.class, () -> GraphOnnx.export(net, "c", 8, 4));
        assertTrue(e.getMessage().contains("(c)"), e.getMessage());
    }

}
