package dev.loupe.issues;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Confident learning (Northcutt, Jiang and Chuang, 2021): per-class thresholds, the confident joint of given
 * and likely-true labels, its calibration to the class sizes, and "prune by noise rate" to name the images
 * most likely mislabelled.
 */
final class ConfidentLearning {

    final double[] thresholds;
    final long[][] joint;
    final double[][] calibrated;
    final Set<Integer> flagged;

    private ConfidentLearning(double[] thresholds, long[][] joint, double[][] calibrated, Set<Integer> flagged) {
        this.thresholds = thresholds;
        this.joint = joint;
        this.calibrated = calibrated;
        this.flagged = flagged;
    }

    static ConfidentLearning analyze(double[][] p, int[] given, int classes) {
        int n = given.length;
        double[] thresholds = new double[classes];
        int[] perClass = new int[classes];
        for (int i = 0; i < n; i++) {
            thresholds[given[i]] += p[i][given[i]];
            perClass[given[i]]++;
        }
        for (int c = 0; c < classes; c++) {
            thresholds[c] = perClass[c] == 0 ? 1 : thresholds[c] / perClass[c];
        }
        long[][] joint = new long[classes][classes];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (p[i][c] >= thresholds[c] && (best < 0 || p[i][c] > p[i][best])) {
                    best = c;
                }
            }
            if (best >= 0) {
                joint[given[i]][best]++;
            }
        }
        double[][] calibrated = new double[classes][classes];
        for (int g = 0; g < classes; g++) {
            long row = 0;
            for (int c = 0; c < classes; c++) {
                row += joint[g][c];
            }
            for (int c = 0; c < classes; c++) {
                calibrated[g][c] = row == 0 ? (g == c ? perClass[g] : 0) : (double) joint[g][c] / row * perClass[g];
            }
        }
        Set<Integer> flagged = new HashSet<>();
        for (int g = 0; g < classes; g++) {
            for (int t = 0; t < classes; t++) {
                if (g == t) {
                    continue;
                }
                int take = (int) Math.round(calibrated[g][t]);
                if (take == 0) {
                    continue;
                }
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (given[i] == g) {
                        members.add(i);
                    }
                }
                int trueClass = t;
                int givenClass = g;
                members.sort((a, b) -> Double.compare(p[b][trueClass] - p[b][givenClass],
                        p[a][trueClass] - p[a][givenClass]));
                for (int k = 0; k < Math.min(take, members.size()); k++) {
                    flagged.add(members.get(k));
                }
            }
        }
        return new ConfidentLearning(thresholds, joint, calibrated, flagged);
    }
}
