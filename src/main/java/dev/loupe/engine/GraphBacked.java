package dev.loupe.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** An extractor that keeps its DL4J graph, so that a trained model can be built on top of it. */
interface GraphBacked {
    ComputationGraph graph();
}
