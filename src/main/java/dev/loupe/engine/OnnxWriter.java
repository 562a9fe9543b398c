package dev.loupe.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;
import org.nd4j.shade.protobuf.UnsafeByteOperations;

/**
 * Builds an ONNX graph node by node (opset 13, IR 7, the versions ONNX Runtime 1.20 was checked with):
 * nodes get unique output names, weights become little-endian initializers, and the finished model is
 * serialised for {@code OrtEnvironment.createSession(bytes)}. Shared by the MobileNet and zoo exporters.
 */
final class OnnxWriter {

    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private final Onnx.GraphProto.Builder graph;
    private int counter;

    OnnxWriter(String name) {
        graph = Onnx.GraphProto.newBuilder().setName(name);
    }

    /** Adds a node; attribute values are {@code long[]} (INTS), {@code Long} (INT) or {@code Float} (FLOAT). */
    String node(String op, List<String> inputs, Map<String, Object> attributes) {
        String output = op.toLowerCase(Locale.ROOT) + "_" + (counter++);
        Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
        inputs.forEach(node::addInput);
        attributes.forEach((key, value) -> {
            Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(key);
            if (value instanceof long[] ints) {
                a.setType(Onnx.AttributeProto.AttributeType.INTS);
                for (long v : ints) {
                    a.addInts(v);
                }
            } else if (value instanceof Float f) {
                a.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(f);
            } else {
                a.setType(Onnx.AttributeProto.AttributeType.INT).setI((Long) value);
            }
            node.addAttribute(a);
        });
        graph.addNode(node);
        return output;
    }

    /** A float initializer with the given dims (none for a scalar). */
    String tensor(String name, float[] values, long[] dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                // The buffer is not touched again: wrapping it saves a copy of every weight (ResNet50: 100 MB).
                .setRawData(UnsafeByteOperations.unsafeWrap(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    String tensor(String name, INDArray value, long[] dims) {
        return tensor(name, flat(value), dims);
    }

    String scalar(String name, float value) {
        return tensor(name, new float[] {value}, new long[0]);
    }

    /** A one-dimensional int64 initializer (shapes, pads). */
    String longs(String name, long[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.INT64_VALUE).setRawData(ByteString.copyFrom(bytes.array()))
                .addDims(values.length));
        return name;
    }

    static float[] flat(INDArray value) {
        return value.castTo(DataType.FLOAT).dup('c').reshape(value.length()).toFloatVector();
    }

    /**
     * Ends the graph: {@code result} becomes the output {@link #OUTPUT} of shape [batch, width], the input is
     * {@link #INPUT} [batch, 3, resolution, resolution]; returns the serialised model.
     */
    byte[] finish(String result, int resolution, long width) {
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Identity").addInput(result).addOutput(OUTPUT)
                .setName("identity_output"));
        graph.addInput(valueInfo(INPUT, new Object[] {"batch", 3L, (long) resolution, (long) resolution}));
        graph.addOutput(valueInfo(OUTPUT, new Object[] {"batch", width}));
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("loupe")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build().toByteArray();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, Object[] dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String param) {
                dim.setDimParam(param);
            } else {
                dim.setDimValue((Long) d);
            }
            shape.addDim(dim);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }
}
