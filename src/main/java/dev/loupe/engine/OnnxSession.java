package dev.loupe.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX Runtime session tuned for this machine: all cores inside an operator, graph optimisations on. Several
 * threads may run it at once (ONNX Runtime's sessions are thread-safe and each thread has its own input buffer):
 * a cluster executor's tasks share one session, so a large model is loaded once per executor.
 */
final class OnnxSession implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    /** Each calling thread's reusable direct input buffer. */
    private final ThreadLocal<FloatBuffer> inputBuffers = new ThreadLocal<>();

    OnnxSession(byte[] model) {
        this(model, Runtime.getRuntime().availableProcessors(), false);
    }

    /**
     * A session whose operators run on {@code threads} threads. With {@code sharesCores}, other work (image
     * decoding) runs beside it, and its idle operator threads sleep instead of spinning for the next operator:
     * measured on MobileNet 0.5_160 featurizing 640x480 photos, 501 img/s against 448 with spinning.
     */
    OnnxSession(byte[] model, int threads, boolean sharesCores) {
        this(model, null, threads, sharesCores);
    }

    /**
     * The same for a model file that keeps its weights in files of their own ("external data", as PyTorch writes
     * models over 2 GB): ONNX Runtime reads them from the model file's folder.
     */
    OnnxSession(java.nio.file.Path modelFile, int threads, boolean sharesCores) {
        this(null, modelFile, threads, sharesCores);
    }

    private OnnxSession(byte[] model, java.nio.file.Path modelFile, int threads, boolean sharesCores) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {

            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // The memory-pattern planner keeps a block per input shape on top of the arena: measured on
            // MobileNet 1.0_224 it cost ~350 MB of peak memory and no speed.
            options.setMemoryPatternOptimization(false);
            if (sharesCores) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            session = model != null ? env.createSession(model, options)
                    : env.createSession(modelFile.toAbsolutePath().toString(), options);
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime could not load the network: " + e.getMessage(), e);
        }
    }

    /** Runs the graph on NCHW input and returns one row per image. */
    float[][] run(float[] nchw, int count, int size) {
        FloatBuffer buffer = input(nchw.length);
        buffer.put(0, nchw);
        return run(buffer, count, size);
    }

    /**
     * Normalizes NHWC RGB pixels straight into the session's own native input buffer and runs the graph: no
     * per-batch arrays for the JVM to collect, no copy on ONNX Runtime's side.
     */
    float[][] run(Normalization normalization, float[] rgb, int count, int size) {
        FloatBuffer buffer = input(count * 3 * size * size);
        normalization.toNchw(rgb, count, size, buffer);
        return run(buffer, count, size);
    }

    /** The reusable direct input buffer, at least {@code floats} long, limited to exactly that. */
    private FloatBuffer input(int floats) {
        FloatBuffer inputBuffer = inputBuffers.get();
        if (inputBuffer == null || inputBuffer.capacity() < floats) {
            inputBuffer = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            inputBuffers.set(inputBuffer);
        }
        inputBuffer.clear().limit(floats);
        return inputBuffer;
    }

    private float[][] run(FloatBuffer buffer, int count, int size) {
        try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, new long[] {count, 3, size, size});
             OrtSession.Result result = session.run(Map.of(OnnxWriter.INPUT, input))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /** A tensor's values, flat in row-major order, and its shape. */
    record Tensor(float[] values, long[] shape) {
    }

    /**
     * Runs a graph of any input name and layout: {@code fill} writes the {@code shape}'s floats into the reusable
     * direct input buffer (from position 0), and the float output {@code output} comes back flat.
     */
    Tensor run(String inputName, long[] shape, java.util.function.Consumer<FloatBuffer> fill, String output) {
        return run(inputName, shape, fill, java.util.Set.of(output)).get(output);
    }

    /** The same, returning several float outputs by name (calibration reads every activation at once). */
    Map<String, Tensor> run(String inputName, long[] shape, java.util.function.Consumer<FloatBuffer> fill,
                            java.util.Set<String> outputs) {
        long floats = 1;
        for (long d : shape) {
            floats *= d;
        }
        FloatBuffer buffer = input(Math.toIntExact(floats));
        fill.accept(buffer);
        try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, shape);
             OrtSession.Result result = session.run(Map.of(inputName, input), outputs)) {
            Map<String, Tensor> out = new java.util.HashMap<>();
            for (String name : outputs) {
                OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
                FloatBuffer values = t.getFloatBuffer();
                if (values == null) {
                    throw new EngineException("the output " + name + " is " + t.getInfo().type + ", not float");
                }
                float[] flat = new float[values.remaining()];
                values.get(flat);
                out.put(name, new Tensor(flat, t.getInfo().getShape()));
            }
            return out;
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /** The graph's inputs by name, with their declared types and shapes (-1 where dynamic). */
    Map<String, ai.onnxruntime.NodeInfo> inputs() {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime cannot describe the graph: " + e.getMessage(), e);
        }
    }

    /** The graph's outputs by name. */
    Map<String, ai.onnxruntime.NodeInfo> outputs() {
        try {
            return session.getOutputInfo();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime cannot describe the graph: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EngineException("Cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
