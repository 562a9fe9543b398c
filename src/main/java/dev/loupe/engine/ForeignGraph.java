package dev.loupe.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import onnx.Onnx;

/**
 * Reading a model of the user's own before ONNX Runtime runs it ({@link ForeignOnnx}): which tensor holds the
 * features and how to make it the output, and where the weights are when the model keeps them in data files
 * beside it.
 */
final class ForeignGraph {

    private ForeignGraph() {
    }

    /** Which tensor holds the features, whether it must be made an output, and why it was picked. */
    record Choice(String tensor, boolean exposed, String why) {
    }

    private static final List<String> LINEAR = List.of("Gemm", "MatMul");

    static Choice chooseOutput(Onnx.ModelProto proto, String wanted) {
        Onnx.GraphProto graph = proto.getGraph();
        List<String> outputs = new ArrayList<>();
        for (Onnx.ValueInfoProto o : graph.getOutputList()) {
            outputs.add(o.getName());
        }
        Map<String, Onnx.NodeProto> producer = new HashMap<>();
        for (Onnx.NodeProto node : graph.getNodeList()) {
            for (String out : node.getOutputList()) {
                producer.put(out, node);
            }
        }
        if (wanted != null) {
            if (outputs.contains(wanted)) {
                return new Choice(wanted, false, "as asked");
            }
            if (producer.containsKey(wanted)) {
                return new Choice(wanted, true, "as asked, an inner tensor");
            }
            throw new EngineException("The model has no tensor named " + wanted + "; its outputs: "
                    + String.join(", ", outputs));
        }
        for (String o : outputs) {
            String lower = o.toLowerCase(Locale.ROOT);
            if (lower.contains("embed") || lower.contains("pool") || lower.contains("feature")) {
                return new Choice(o, false, "an output named as features");
            }
        }
        if (outputs.size() != 1) {
            throw new EngineException("The model has " + outputs.size() + " outputs (" + String.join(", ", outputs)
                    + "); name the one that holds the features with --onnx-output NAME");
        }
        String out = outputs.get(0);
        Onnx.NodeProto last = producer.get(out);
        while (last != null && (last.getOpType().equals("Softmax") || last.getOpType().equals("Identity"))) {
            last = producer.get(last.getInput(0));
        }
        if (last != null && last.getOpType().equals("Add") && last.getInputCount() == 2) {
            Onnx.NodeProto left = producer.get(last.getInput(0));
            Onnx.NodeProto right = producer.get(last.getInput(1));
            last = left != null && left.getOpType().equals("MatMul") ? left
                    : right != null && right.getOpType().equals("MatMul") ? right : last;
        }
        if (last != null && LINEAR.contains(last.getOpType())) {
            return new Choice(last.getInput(0), true, "the input of the final classifier " + last.getOpType());
        }
        return new Choice(out, false, "the model's output");
    }

    /** The model with {@code tensor} as its one output (ONNX Runtime then skips what only fed the others). */
    static byte[] expose(Onnx.ModelProto proto, String tensor) {
        Onnx.GraphProto.Builder graph = proto.getGraph().toBuilder().clearOutput();
        graph.addOutput(Onnx.ValueInfoProto.newBuilder().setName(tensor)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE))));
        return proto.toBuilder().setGraph(graph).build().toByteArray();
    }

    /**
     * The files a model keeps its weights in besides itself ("external data", relative to its folder), in the
     * order the graph first names them; empty for a model that holds all its weights.
     */
    static List<String> externalFiles(Onnx.ModelProto proto) {
        java.util.LinkedHashSet<String> files = new java.util.LinkedHashSet<>();
        for (Onnx.TensorProto t : proto.getGraph().getInitializerList()) {
            if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
                for (Onnx.StringStringEntryProto e : t.getExternalDataList()) {
                    if (e.getKey().equals("location")) {
                        files.add(e.getValue());
                    }
                }
            }
        }
        return List.copyOf(files);
    }

    /**
     * A session on a model whose weights live in data files beside it: from the file itself, or, when an inner
     * tensor was made the output, from the changed graph written to a scratch folder that links to the data files
     * (ONNX Runtime finds them relative to the model it loads; the user's folder is never written to).
     */
    static OnnxSession openWithExternalData(byte[] graph, boolean changed, Path model, List<String> external,
                                            int threads) {
        if (!changed) {
            return new OnnxSession(model, threads, true);
        }
        try (dev.loupe.work.ScratchFolder scratch = dev.loupe.work.ScratchFolder.create("loupe-onnx")) {
            Path copy = scratch.path().resolve(model.getFileName());
            Files.write(copy, graph);
            for (String file : external) {
                Path link = scratch.path().resolve(file).normalize();
                if (!link.startsWith(scratch.path())) {
                    throw new EngineException(model.getFileName() + " names a data file outside its folder (" + file
                            + "); Loupe reads data files beside the model only");
                }
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, model.getParent().resolve(file).toAbsolutePath());
            }
            // The session holds the weights once created: the scratch copy and its links can go.
            return new OnnxSession(copy, threads, true);
        } catch (IOException e) {
            throw new EngineException("Cannot prepare " + model.getFileName() + " for ONNX Runtime: " + e.getMessage(), e);
        }
    }
}
