package dev.loupe.engine;

import java.io.Serializable;

/**
 * A judge packed to travel: its ONNX graph and everything that gives its features their meaning (preprocessing,
 * feature tensor, fingerprint), so that another machine (a Spark executor) opens the same extractor with ONNX
 * Runtime alone, without DL4J or the weights file, and its features land under the same cache key as the
 * desktop's. Built-in backbones travel as the graph Loupe exports from their DL4J network; an own ONNX judge
 * as its file's bytes.
 *
 * @param name        the backbone's name, for messages
 * @param fingerprint what the features mean: the same string the desktop extractor gives
 * @param model       the ONNX bytes
 * @param output      the tensor holding the features
 */
public record PortableJudge(String name, String fingerprint, byte[] model, Preprocessing preprocessing, String output,
                            int dimension) implements Serializable {

    /**
     * The travelling form of an open extractor.
     *
     * @throws EngineException for a judge that runs on DL4J only (a zoo network the ONNX exporter does not know)
     */
    public static PortableJudge of(FeatureExtractor extractor) {
        if (extractor instanceof ForeignOnnx foreign && foreign.hasExternalData()) {
            throw new EngineException(extractor.spec().name() + " keeps its weights in separate data files; a cluster "
                    + "run ships one file: save the model with its weights inside (onnx.save(model, path, "
                    + "save_as_external_data=False); up to 2 GB)");
        }
        if (extractor instanceof ForeignOnnx foreign) {
            return new PortableJudge(extractor.spec().name(), extractor.fingerprint(), foreign.modelBytes(),
                    foreign.preprocessing(), foreign.featureTensor(), extractor.dimension());
        }
        if (extractor instanceof OnnxFeatureExtractor onnx) {
            Preprocessing pixels = Preprocessing.preset(onnx.normalization() == Normalization.MINUS_ONE_TO_ONE
                    ? "keras-mobilenet" : "caffe").withSize(extractor.resolution());
            return new PortableJudge(extractor.spec().name(), extractor.fingerprint(), onnx.onnxModel(), pixels,
                    OnnxWriter.OUTPUT, extractor.dimension());
        }
        throw new EngineException(extractor.spec().name() + " runs on DL4J only here; a cluster run needs a judge "
                + "ONNX Runtime can run (a MobileNet, or onnx:PATH)");
    }

    /** Opens the judge with ONNX Runtime on {@code threads} threads per operator (one per Spark task). */
    public FeatureExtractor open(int threads) {
        BackboneSpec spec = BackboneSpec.parse(name);
        ForeignOnnx judge = ForeignOnnx.build(spec, model, name, preprocessing, output, fingerprint, threads,
                notice -> { });
        if (judge.dimension() != dimension) {
            judge.close();
            throw new EngineException(name + " gives " + judge.dimension() + " features here, " + dimension
                    + " where it was packed");
        }
        return judge;
    }
}
