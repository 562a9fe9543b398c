package dev.loupe.cli;

import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.issues.Ranking;
import picocli.CommandLine.Option;

/** How suspects are ranked: the options of {@code loupe score} and of its cluster twin {@code score-spark}. */
public final class RankingOptions {

    @Option(names = "--folds", defaultValue = "5", description = "folds for out-of-fold probabilities (default: ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--rank", defaultValue = "self-confidence", paramLabel = "RANKING",
            description = "self-confidence, margin or entropy (default: ${DEFAULT-VALUE})")
    String rank;

    @Option(names = "--head", defaultValue = "linear+knn", paramLabel = "HEAD",
            description = "what gives the out-of-fold probabilities: linear+knn (a linear head averaged with a "
                    + "vote of the 10 most similar images, finds errors a line cannot) or linear (default: "
                    + "${DEFAULT-VALUE})")
    String head;

    public LabelIssueFinder.Config config() {
        return LabelIssueFinder.Config.defaults().withFolds(folds).withRanking(Ranking.parse(rank))
                .withHead(LabelIssueFinder.Head.parse(head));
    }

    public int folds() {
        return folds;
    }
}
