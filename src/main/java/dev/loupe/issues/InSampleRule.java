package dev.loupe.issues;

import dev.loupe.heads.HeadTrainer;
import dev.loupe.heads.SoftmaxHead;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The baseline Loupe improves on: "classify every image, including the training images, and review the ones
 * the model gets wrong". One head trained on every image judges the same images, ranked by 1 - p(given).
 */
public final class InSampleRule {

    /** Paths ranked by in-sample suspicion, most suspicious first, and how many the model gets wrong. */
    public record Result(List<String> ranked, int misclassified) {
    }

    public Result rank(List<String> classes, List<LabelIssueFinder.Item> items, Map<String, float[]> vectors, long seed) {
        List<LabelIssueFinder.Item> usable = items.stream().filter(i -> vectors.containsKey(i.sha256())).toList();
        float[][] x = new float[usable.size()][];
        int[] y = new int[usable.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = LabelIssueFinder.powerNormalize(vectors.get(usable.get(i).sha256()));
            y[i] = usable.get(i).given();
        }
        HeadTrainer trainer = new HeadTrainer();
        SoftmaxHead head = trainer.fit(x, y, classes, trainer.chooseL2(x, y, classes, 3, seed));
        List<Object[]> scored = new ArrayList<>();
        int wrong = 0;
        for (int i = 0; i < x.length; i++) {
            double[] p = head.probabilities(x[i]);
            if (dev.loupe.work.Vectors.argmax(p) != y[i]) {
                wrong++;
            }
            scored.add(new Object[] {usable.get(i).path(), 1 - p[y[i]]});
        }
        scored.sort(Comparator.comparingDouble((Object[] o) -> -(double) o[1]).thenComparing(o -> (String) o[0]));
        return new Result(scored.stream().map(o -> (String) o[0]).toList(), wrong);
    }
}
