package dev.loupe.app;

import dev.loupe.journal.OpenedDataset;
import java.util.List;

/** What the parts built on the judge's cached features read: the open dataset, the features' key, its images. */
interface JudgedImages {
    /** The open dataset, or null. */
    OpenedDataset dataset();

    /** The cache key of the judge's features, or null before scoring. */
    String fingerprint();

    /** Every image of the dataset as the grid knows it. */
    List<ImageTile> tiles();
}
