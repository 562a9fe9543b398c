package dev.loupe.cluster;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads flat Parquet files (one level of required or optional columns), as Spark writes them by default:
 * plain or dictionary encoding, data pages v1 and v2, uncompressed, Snappy or gzip. The desktop reads a cluster
 * run's output with it, without carrying Spark or Hadoop. One row group at a time is in memory.
 * Values come back as String (UTF-8 strings), byte[] (other binary), Long, Integer, Float, Double or null.
 */
public final class ParquetReader implements AutoCloseable {

    /** A leaf column: its name, Parquet physical type (1 INT32, 2 INT64, 4 FLOAT, 5 DOUBLE, 6 BYTE_ARRAY, ...). */
    public record Column(String name, int type, boolean optional, boolean utf8) {
    }

    /** One row group's values, column by column. */
    public record RowGroup(int rows, Map<String, Object[]> columns) {
        public Object[] column(String name) {
            Object[] values = columns.get(name);
            if (values == null) {
                throw new ParquetException("no column '" + name + "'; the file has " + columns.keySet());
            }
            return values;
        }
    }

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final FileChannel channel;
    private final List<Column> columns = new ArrayList<>();
    private final List<Map<Integer, Object>> rowGroups;
    private final long rows;

    public ParquetReader(Path file) {
        this.file = file;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new ParquetException("Cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            long size = channel.size();
            if (size < 12) {
                throw new ParquetException(file.getFileName() + " is not a Parquet file (too short)");
            }
            byte[] tail = read(size - 8, 8);
            if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(tail, 4, 8), MAGIC)
                    || !java.util.Arrays.equals(read(0, 4), MAGIC)) {
                throw new ParquetException(file.getFileName() + " is not a Parquet file (no PAR1 marker; truncated?)");
            }
            int footerLength = ByteBuffer.wrap(tail, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            if (footerLength <= 0 || footerLength > size - 12) {
                throw new ParquetException(file.getFileName() + " has a damaged footer");
            }
            Map<Integer, Object> meta = new Thrift(read(size - 8 - footerLength, footerLength), 0).struct();
            rows = Thrift.integer(meta, 3, 0);
            List<Map<Integer, Object>> schema = Thrift.structs(meta, 2);
            for (int i = 1; i < schema.size(); i++) {
                Map<Integer, Object> element = schema.get(i);
                String name = Thrift.string(element, 4);
                if (Thrift.integer(element, 5, 0) > 0 || Thrift.integer(element, 3, 0) == 2) {
                    throw new ParquetException(file.getFileName() + ": column '" + name + "' is nested or repeated; "
                            + "Loupe reads flat tables");
                }
                boolean utf8 = Thrift.integer(element, 6, -1) == 0 || Thrift.child(element, 10) != null
                        && Thrift.child(Thrift.child(element, 10), 1) != null;
                columns.add(new Column(name, (int) Thrift.integer(element, 1, -1),
                        Thrift.integer(element, 3, 0) == 1, utf8));
            }
            rowGroups = Thrift.structs(meta, 4);
        } catch (IOException e) {
            close();
            throw new ParquetException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e instanceof ParquetException ? e : new ParquetException(file.getFileName()
                    + " is damaged: " + e, e);
        }
    }

    /** The Parquet files of a path: the file itself, or the {@code *.parquet} parts of a Spark output folder. */
    public static List<Path> parts(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new ParquetException("No Parquet file or folder at " + path.toAbsolutePath());
        }
        try (Stream<Path> s = Files.list(path)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p))
                    .sorted().toList();
            if (found.isEmpty()) {
                List<String> tables;
                try (Stream<Path> inner = Files.list(path)) {
                    tables = inner.filter(p -> Files.isDirectory(p) && p.getFileName().toString().endsWith(".parquet"))
                            .map(p -> p.getFileName().toString()).sorted().toList();
                }
                throw new ParquetException("No .parquet files in " + path.toAbsolutePath() + (tables.isEmpty()
                        ? " (featurize-spark writes a folder of part files: choose the folder its --out named)"
                        : "; it holds the table folder(s) " + String.join(", ", tables) + ": choose one of those"));
            }
            return found;
        } catch (IOException e) {
            throw new ParquetException("Cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    public List<Column> columns() {
        return columns;
    }

    public long rows() {
        return rows;
    }

    public int rowGroupCount() {
        return rowGroups.size();
    }

    /** Reads row group {@code index} whole. */
    public RowGroup rowGroup(int index) {
        Map<Integer, Object> group = rowGroups.get(index);
        int n = Math.toIntExact(Thrift.integer(group, 3, 0));
        List<Map<Integer, Object>> chunks = Thrift.structs(group, 1);
        Map<String, Object[]> values = new LinkedHashMap<>();
        try {
            for (int c = 0; c < columns.size(); c++) {
                values.put(columns.get(c).name(), readChunk(columns.get(c), Thrift.child(chunks.get(c), 3), n));
            }
        } catch (IOException e) {
            throw new ParquetException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (ParquetException e) {
            throw new ParquetException(file.getFileName() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ParquetException(file.getFileName() + " is damaged: " + e, e);
        }
        return new RowGroup(n, values);
    }

    private Object[] readChunk(Column column, Map<Integer, Object> meta, int n) throws IOException {
        int codec = (int) Thrift.integer(meta, 4, 0);
        long start = Thrift.integer(meta, 9, 0);
        long dictionaryOffset = Thrift.integer(meta, 11, -1);
        if (dictionaryOffset > 0 && dictionaryOffset < start) {
            start = dictionaryOffset;
        }
        long length = Thrift.integer(meta, 7, 0);
        long total = Thrift.integer(meta, 5, 0);
        byte[] chunk = read(start, Math.toIntExact(length));
        Object[] out = new Object[n];
        Object[] dictionary = null;
        int filled = 0;
        int at = 0;
        while (filled < total && at < chunk.length) {
            Thrift header = new Thrift(chunk, at);
            Map<Integer, Object> page = header.struct();
            int body = header.position();
            int compressed = (int) Thrift.integer(page, 3, 0);
            int uncompressed = (int) Thrift.integer(page, 2, 0);
            int type = (int) Thrift.integer(page, 1, -1);
            at = body + compressed;
            if (type == 2) {
                Map<Integer, Object> dict = Thrift.child(page, 7);
                byte[] data = decompress(codec, chunk, body, compressed, uncompressed);
                dictionary = plain(column, data, 0, (int) Thrift.integer(dict, 1, 0));
            } else if (type == 0) {
                Map<Integer, Object> dp = Thrift.child(page, 5);
                byte[] data = decompress(codec, chunk, body, compressed, uncompressed);
                int count = (int) Thrift.integer(dp, 1, 0);
                int pos = 0;
                boolean[] present = null;
                if (column.optional()) {
                    int levels = ByteBuffer.wrap(data, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
                    present = definitions(data, 4, 4 + levels, count);
                    pos = 4 + levels;
                }
                filled = values(column, (int) Thrift.integer(dp, 2, 0), data, pos, count, present, dictionary, out,
                        filled);
            } else if (type == 3) {
                Map<Integer, Object> dp = Thrift.child(page, 8);
                int count = (int) Thrift.integer(dp, 1, 0);
                int defLength = (int) Thrift.integer(dp, 5, 0);
                int repLength = (int) Thrift.integer(dp, 6, 0);
                boolean isCompressed = !Boolean.FALSE.equals(dp.get(7));
                boolean[] present = column.optional()
                        ? definitions(chunk, body + repLength, body + repLength + defLength, count) : null;
                int valuesAt = body + repLength + defLength;
                int valuesLength = compressed - repLength - defLength;
                byte[] data = isCompressed ? decompress(codec, chunk, valuesAt, valuesLength,
                        uncompressed - repLength - defLength)
                        : java.util.Arrays.copyOfRange(chunk, valuesAt, valuesAt + valuesLength);
                filled = values(column, (int) Thrift.integer(dp, 4, 0), data, 0, count, present, dictionary, out,
                        filled);
            }
        }
        if (filled != n) {
            throw new ParquetException("column '" + column.name() + "' has " + filled + " values for " + n + " rows");
        }
        return out;
    }

    /** Decodes {@code count} values of one page (nulls where {@code present} says so) into {@code out}. */
    private static int values(Column column, int encoding, byte[] data, int pos, int count, boolean[] present,
                              Object[] dictionary, Object[] out, int filled) {
        int nonNull = 0;
        for (int i = 0; i < count; i++) {
            if (present == null || present[i]) {
                nonNull++;
            }
        }
        Object[] decoded;
        if (encoding == 0) {
            decoded = plain(column, data, pos, nonNull);
        } else if (encoding == 2 || encoding == 8) {
            if (dictionary == null) {
                throw new ParquetException("column '" + column.name() + "' refers to a dictionary it lacks");
            }
            int width = data[pos] & 0xFF;
            int[] index = hybrid(data, pos + 1, data.length, width, nonNull);
            decoded = new Object[nonNull];
            for (int i = 0; i < nonNull; i++) {
                decoded[i] = dictionary[index[i]];
            }
        } else {
            throw new ParquetException("column '" + column.name() + "' uses encoding " + encoding
                    + "; Loupe reads plain and dictionary encodings (Spark's defaults)");
        }
        for (int i = 0, v = 0; i < count; i++) {
            out[filled++] = present == null || present[i] ? decoded[v++] : null;
        }
        return filled;
    }

    private static boolean[] definitions(byte[] data, int from, int to, int count) {
        int[] levels = hybrid(data, from, to, 1, count);
        boolean[] present = new boolean[count];
        for (int i = 0; i < count; i++) {
            present[i] = levels[i] == 1;
        }
        return present;
    }

    /** Parquet's RLE / bit-packed hybrid encoding of {@code count} small integers of {@code width} bits. */
    static int[] hybrid(byte[] data, int from, int to, int width, int count) {
        int[] out = new int[count];
        int pos = from;
        int o = 0;
        int bytesPerValue = (width + 7) / 8;
        while (o < count) {
            if (pos >= to) {
                throw new ParquetException("an encoded run ends early");
            }
            long header = 0;
            int shift = 0;
            while (true) {
                int b = data[pos++] & 0xFF;
                header |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            if ((header & 1) == 0) {
                int run = (int) (header >>> 1);
                int value = 0;
                for (int i = 0; i < bytesPerValue; i++) {
                    value |= (data[pos++] & 0xFF) << (8 * i);
                }
                for (int i = 0; i < run && o < count; i++) {
                    out[o++] = value;
                }
            } else {
                int values = (int) (header >>> 1) * 8;
                long bitPos = (long) pos * 8;
                for (int i = 0; i < values; i++) {
                    int value = 0;
                    for (int bit = 0; bit < width; bit++, bitPos++) {
                        if ((data[(int) (bitPos >>> 3)] >>> (bitPos & 7) & 1) != 0) {
                            value |= 1 << bit;
                        }
                    }
                    if (o < count) {
                        out[o++] = value;
                    }
                }
                pos += (int) (header >>> 1) * width;
            }
        }
        return out;
    }

    private static Object[] plain(Column column, byte[] data, int pos, int count) {
        Object[] out = new Object[count];
        ByteBuffer b = ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.position(pos);
        for (int i = 0; i < count; i++) {
            out[i] = switch (column.type()) {
                case 1 -> b.getInt();
                case 2 -> b.getLong();
                case 4 -> b.getFloat();
                case 5 -> b.getDouble();
                case 6 -> {
                    byte[] v = new byte[b.getInt()];
                    b.get(v);
                    yield column.utf8() ? new String(v, StandardCharsets.UTF_8) : v;
                }
                default -> throw new ParquetException("column '" + column.name() + "' has Parquet type "
                        + column.type() + ", which Loupe does not read");
            };
        }
        return out;
    }

    private static byte[] decompress(int codec, byte[] data, int from, int length, int uncompressed)
            throws IOException {
        return switch (codec) {
            case 0 -> java.util.Arrays.copyOfRange(data, from, from + length);
            case 1 -> Snappy.decompress(data, from, length);
            case 2 -> {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data, from, length))) {
                    byte[] out = in.readNBytes(uncompressed);
                    yield out;
                }
            }
            default -> throw new ParquetException("compression codec " + codec + " is not supported; write the "
                    + "table with Snappy (Spark's default), gzip or none");
        };
    }

    private byte[] read(long at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new ParquetException(file.getFileName() + " ends early (truncated?)");
            }
        }
        return buffer.array();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing was written that closing could lose
        }
    }
}
