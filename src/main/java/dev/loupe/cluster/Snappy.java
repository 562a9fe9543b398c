package dev.loupe.cluster;

/**
 * Decompresses Snappy's raw block format, Spark's default Parquet compression: a varint length, then literals
 * and back-references. A few dozen lines instead of a native library on the desktop.
 */
final class Snappy {

    private Snappy() {
    }

    static byte[] decompress(byte[] in, int from, int length) {
        int pos = from;
        int end = from + length;
        long size = 0;
        int shift = 0;
        while (true) {
            int b = in[pos++] & 0xFF;
            size |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new ParquetException("a Snappy block claims " + size + " bytes");
        }
        byte[] out = new byte[(int) size];
        int o = 0;
        try {
            while (pos < end) {
                int tag = in[pos++] & 0xFF;
                int kind = tag & 3;
                if (kind == 0) {
                    int len = tag >>> 2;
                    if (len >= 60) {
                        int bytes = len - 59;
                        len = 0;
                        for (int i = 0; i < bytes; i++) {
                            len |= (in[pos++] & 0xFF) << (8 * i);
                        }
                    }
                    len += 1;
                    System.arraycopy(in, pos, out, o, len);
                    pos += len;
                    o += len;
                    continue;
                }
                int len;
                int offset;
                if (kind == 1) {
                    len = ((tag >>> 2) & 7) + 4;
                    offset = ((tag >>> 5) << 8) | (in[pos++] & 0xFF);
                } else if (kind == 2) {
                    len = (tag >>> 2) + 1;
                    offset = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8;
                    pos += 2;
                } else {
                    len = (tag >>> 2) + 1;
                    offset = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8 | (in[pos + 2] & 0xFF) << 16
                            | (in[pos + 3] & 0xFF) << 24;
                    pos += 4;
                }
                if (offset <= 0 || offset > o) {
                    throw new ParquetException("a Snappy block is damaged (bad back-reference)");
                }
                for (int i = 0; i < len; i++, o++) {
                    out[o] = out[o - offset];
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new ParquetException("a Snappy block is damaged or truncated", e);
        }
        if (o != out.length) {
            throw new ParquetException("a Snappy block is truncated");
        }
        return out;
    }
}
