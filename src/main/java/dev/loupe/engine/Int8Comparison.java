package dev.loupe.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A MobileNet's fp32 ONNX graph against its int8 one, side by side in one process: file size, ONNX Runtime's
 * forward-only speed on the same batch (the two measured in turns, the best turn of each kept, so that a busy
 * moment hurts neither alone), and how far the int8 features move from the fp32 ones on the calibration images.
 */
public final class Int8Comparison {

    /**
     * @param featureChange mean over the images of {@code |f8 - f32| / |f32|} for the pooled features
     */
    public record Result(BackboneSpec spec, long fp32Bytes, long int8Bytes, double fp32ImagesPerSecond,
                         double int8ImagesPerSecond, double featureChange, String quantization) {

        public double sizeRatio() {
            return int8Bytes / (double) fp32Bytes;
        }

        public double speedup() {
            return int8ImagesPerSecond / fp32ImagesPerSecond;
        }
    }

    private Int8Comparison() {
    }

    /**
     * Measures {@code spec} (with {@code weights}, or seeded random ones) quantized on {@code calibration}
     * (NHWC RGB 0..255 images at the spec's resolution).
     *
     * @param scratch an empty folder for the two graphs, which the caller removes
     */
    public static Result measure(BackboneSpec spec, Optional<Path> weights, long seed, List<float[]> calibration,
                                 Path scratch, int batch, double seconds, int turns) {
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
            throw new IllegalArgumentException("int8 comparisons are for MobileNets; got " + spec.name());
        }
        try (FeatureExtractor builtIn = Backbones.open(spec, weights, seed, InferenceBackend.ONNX)) {
            byte[] fp32 = MobileNetOnnx.export(((GraphBacked) builtIn).graph(), spec, false);
            Path file = scratch.resolve("fp32.onnx");
            Files.write(file, fp32);
            Files.writeString(Preprocessing.sidecarOf(file), "{\"preset\": \"keras-mobilenet\"}");
            Int8Quantizer.Result int8;
            double change;
            try (ForeignOnnx model = ForeignOnnx.open(BackboneSpec.onnx(file.toString()), notice -> { })) {
                int8 = model.quantizedInt8(calibration);
                change = featureChange(spec, fp32, int8.model(), calibration);
            }
            Files.write(scratch.resolve("int8.onnx"), int8.model());
            double[] speeds = speeds(spec, fp32, int8.model(), calibration, batch, seconds, turns);
            return new Result(spec, fp32.length, int8.model().length, speeds[0], speeds[1], change,
                    int8.description());
        } catch (IOException e) {
            throw new EngineException("Cannot write the graphs to " + scratch + ": " + e.getMessage(), e);
        }
    }

    private static double featureChange(BackboneSpec spec, byte[] fp32, byte[] int8, List<float[]> images) {
        int size = spec.resolution();
        double total = 0;
        try (OnnxSession a = new OnnxSession(fp32); OnnxSession b = new OnnxSession(int8)) {
            for (float[] image : images) {
                float[] x = a.run(Normalization.MINUS_ONE_TO_ONE, image, 1, size)[0];
                float[] y = b.run(Normalization.MINUS_ONE_TO_ONE, image, 1, size)[0];
                double diff = 0;
                double norm = 0;
                for (int i = 0; i < x.length; i++) {
                    diff += (x[i] - y[i]) * (double) (x[i] - y[i]);
                    norm += x[i] * (double) x[i];
                }
                total += Math.sqrt(diff / Math.max(norm, 1e-12));
            }
        }
        return total / images.size();
    }

    /** Forward-only images per second of each graph on the same batch: the best of {@code turns} turns each. */
    private static double[] speeds(BackboneSpec spec, byte[] fp32, byte[] int8, List<float[]> images, int batch,
                                   double seconds, int turns) {
        int size = spec.resolution();
        int per = size * size * 3;
        float[] rgb = new float[batch * per];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(images.get(i % images.size()), 0, rgb, i * per, per);
        }
        float[] nchw = Normalization.MINUS_ONE_TO_ONE.toNchw(rgb, batch, size);
        double[] best = new double[2];
        try (OnnxSession a = new OnnxSession(fp32); OnnxSession b = new OnnxSession(int8)) {
            OnnxSession[] sessions = {a, b};
            for (OnnxSession s : sessions) {
                s.run(nchw, batch, size); // warm-up: the first run plans memory and picks kernels
            }
            for (int turn = 0; turn < turns; turn++) {
                for (int k = 0; k < 2; k++) {
                    long start = System.nanoTime();
                    int done = 0;
                    while (System.nanoTime() - start < seconds * 1e9) {
                        sessions[k].run(nchw, batch, size);
                        done += batch;
                    }
                    best[k] = Math.max(best[k], done / ((System.nanoTime() - start) / 1e9));
                }
            }
        }
        return best;
    }
}
