package dev.loupe.testing;

import onnx.Onnx;

/** Small ONNX graphs written by tests: an image input of any layout, pooled or not. */
public final class OnnxGraphs {

    private OnnxGraphs() {
    }

    /**
     * A graph whose image input has {@code shape} (NHWC when {@code nhwc}); {@code pooled} ends it with a global
     * average pool and a flatten (a feature vector), else with the NCHW map itself.
     */
    public static byte[] pooling(long[] shape, boolean nhwc, boolean pooled, String outputName) {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("test");
        String x = "pixels";
        if (nhwc) {
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("Transpose").addInput(x).addOutput("nchw")
                    .addAttribute(Onnx.AttributeProto.newBuilder().setName("perm")
                            .setType(Onnx.AttributeProto.AttributeType.INTS).addInts(0).addInts(3).addInts(1).addInts(2)));
            x = "nchw";
        }
        if (pooled) {
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("GlobalAveragePool").addInput(x).addOutput("pool"));
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("Flatten").addInput("pool").addOutput(outputName)
                    .addAttribute(Onnx.AttributeProto.newBuilder().setName("axis")
                            .setType(Onnx.AttributeProto.AttributeType.INT).setI(1)));
        } else {
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("Identity").addInput(x).addOutput(outputName));
        }
        g.addInput(value("pixels", shape));
        g.addOutput(Onnx.ValueInfoProto.newBuilder().setName(outputName).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE))));
        return Onnx.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(g).build().toByteArray();
    }

    private static Onnx.ValueInfoProto value(String name, long[] dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }

}
