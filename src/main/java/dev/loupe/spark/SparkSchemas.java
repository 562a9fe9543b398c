package dev.loupe.spark;

import dev.loupe.cluster.ClusterColumns;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Spark schemas of the tables the cluster jobs write (names from {@link ClusterColumns}). */
final class SparkSchemas {

    private SparkSchemas() {
    }

    static StructType features() {
        return new StructType(new StructField[] {
            DataTypes.createStructField(ClusterColumns.SHA256, DataTypes.StringType, false),
            DataTypes.createStructField(ClusterColumns.FINGERPRINT, DataTypes.StringType, false),
            DataTypes.createStructField(ClusterColumns.DECODER, DataTypes.StringType, false),
            DataTypes.createStructField(ClusterColumns.PATH, DataTypes.StringType, false),
            DataTypes.createStructField(ClusterColumns.CLASS, DataTypes.StringType, false),
            DataTypes.createStructField(ClusterColumns.BYTES, DataTypes.LongType, false),
            DataTypes.createStructField(ClusterColumns.VECTOR, DataTypes.BinaryType, true),
            DataTypes.createStructField(ClusterColumns.ERROR, DataTypes.StringType, true),
        });
    }

    /** The review queue: the columns of {@code loupe score}'s CSV. */
    static StructType queue() {
        return new StructType(new StructField[] {
            DataTypes.createStructField("rank", DataTypes.IntegerType, false),
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("given_label", DataTypes.StringType, false),
            DataTypes.createStructField("suggested_label", DataTypes.StringType, false),
            DataTypes.createStructField("p_given", DataTypes.DoubleType, false),
            DataTypes.createStructField("p_suggested", DataTypes.DoubleType, false),
            DataTypes.createStructField("issue_score", DataTypes.DoubleType, false),
            DataTypes.createStructField("kind", DataTypes.StringType, false),
        });
    }
}
