package dev.loupe.issues;

import java.util.List;

/**
 * One image's verdict.
 *
 * @param path          catalog path
 * @param given         index of the class it is filed under
 * @param probabilities out-of-fold class probabilities
 * @param suggested     the most likely class other than... the most likely class overall, or for a
 *                      correctly predicted image the runner-up
 * @param issueScore    suspicion under the chosen ranking, 0..1
 * @param duplicates    catalog paths of (near-)identical images filed under other classes
 */
public record ScoredImage(String path, String sha256, int given, double[] probabilities, int suggested,
                          double issueScore, IssueKind kind, List<String> duplicates) {

    public double pGiven() {
        return probabilities[given];
    }

    public double pSuggested() {
        return probabilities[suggested];
    }
}
