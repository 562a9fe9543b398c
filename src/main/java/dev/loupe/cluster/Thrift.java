package dev.loupe.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Thrift's compact protocol, the encoding of Parquet's footer and page headers, into plain values: a struct
 * becomes a map from field id to value (Long for integers, byte[] for binary and strings, Boolean, Double, List,
 * or another struct's map). Parquet's metadata is then read by field id, as its specification numbers them.
 */
final class Thrift {

    private final byte[] data;
    private int pos;

    Thrift(byte[] data, int pos) {
        this.data = data;
        this.pos = pos;
    }

    /** Where the reader stands: the byte after the last value read. */
    int position() {
        return pos;
    }

    /** One struct from the current position. */
    Map<Integer, Object> struct() {
        Map<Integer, Object> fields = new HashMap<>();
        int last = 0;
        while (true) {
            int header = u8();
            if (header == 0) {
                return fields;
            }
            int type = header & 0x0F;
            int delta = header >>> 4;
            int id = delta == 0 ? (int) zigzag(varint()) : last + delta;
            last = id;
            fields.put(id, value(type));
        }
    }

    private Object value(int type) {
        return switch (type) {
            case 1 -> Boolean.TRUE;
            case 2 -> Boolean.FALSE;
            case 3 -> (long) (byte) u8();
            case 4, 5, 6 -> zigzag(varint());
            case 7 -> {
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits |= (long) u8() << (8 * i);
                }
                yield Double.longBitsToDouble(bits);
            }
            case 8 -> binary();
            case 9, 10 -> list();
            case 11 -> map();
            case 12 -> struct();
            default -> throw new ParquetException("unknown Thrift type " + type + " at byte " + (pos - 1));
        };
    }

    private List<Object> list() {
        int header = u8();
        int size = header >>> 4;
        int elementType = header & 0x0F;
        if (size == 15) {
            size = (int) varint();
        }
        List<Object> out = new ArrayList<>(Math.min(size, 1 << 16));
        for (int i = 0; i < size; i++) {
            out.add(elementType == 1 || elementType == 2 ? u8() == 1 : value(elementType));
        }
        return out;
    }

    private Map<Object, Object> map() {
        int size = (int) varint();
        Map<Object, Object> out = new HashMap<>();
        if (size == 0) {
            return out;
        }
        int types = u8();
        for (int i = 0; i < size; i++) {
            out.put(value(types >>> 4), value(types & 0x0F));
        }
        return out;
    }

    private byte[] binary() {
        int length = (int) varint();
        if (length < 0 || pos + length > data.length) {
            throw new ParquetException("a Thrift string runs past the end of its block");
        }
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + length);
        pos += length;
        return out;
    }

    private long varint() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
            if (shift > 63) {
                throw new ParquetException("a Thrift integer is too long");
            }
        }
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private int u8() {
        if (pos >= data.length) {
            throw new ParquetException("Parquet metadata ends early (truncated file?)");
        }
        return data[pos++] & 0xFF;
    }

    // Typed access to a struct's fields.

    static long integer(Map<Integer, Object> struct, int id, long fallback) {
        Object v = struct.get(id);
        return v instanceof Long l ? l : fallback;
    }

    static String string(Map<Integer, Object> struct, int id) {
        Object v = struct.get(id);
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
    }

    @SuppressWarnings("unchecked")
    static Map<Integer, Object> child(Map<Integer, Object> struct, int id) {
        Object v = struct.get(id);
        return v instanceof Map<?, ?> m ? (Map<Integer, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    static List<Map<Integer, Object>> structs(Map<Integer, Object> struct, int id) {
        Object v = struct.get(id);
        return v instanceof List<?> l ? (List<Map<Integer, Object>>) l : List.of();
    }
}
