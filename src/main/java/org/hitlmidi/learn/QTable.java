package org.hitlmidi.learn;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Sparse state-action values: per state only the actions ever updated are stored, as the paper's
 * dictionary does; an absent value is {@code initial}. An action is a slot number (see {@link ActionSlots}).
 */
public final class QTable<K> {
    private final Map<K, Row> rows = new HashMap<>();
    private final double initial;
    private long entries;

    public QTable(double initial) {
        this.initial = initial;
    }

    public double initial() {
        return initial;
    }

    public double get(K state, int slot) {
        Row r = rows.get(state);
        return r == null ? initial : r.get(slot, initial);
    }

    public void set(K state, int slot, double value) {
        Row r = rows.computeIfAbsent(state, k -> new Row());
        if (r.put(slot, value)) {
            entries++;
        }
    }

    /** Fills {@code out[j]} with the value of {@code slots[j]} for j < count. */
    public void values(K state, int[] slots, int count, double[] out) {
        Row r = rows.get(state);
        for (int j = 0; j < count; j++) {
            out[j] = r == null ? initial : r.get(slots[j], initial);
        }
    }

    /** Max over the {@code count} given slots of the state: an unvisited action counts as {@code initial}. */
    public double max(K state, int[] slots, int count) {
        Row r = rows.get(state);
        if (r == null) {
            return initial;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            best = Math.max(best, r.get(slots[j], initial));
        }
        return count == 0 ? initial : best;
    }

    /** State-action values stored. */
    public long entries() {
        return entries;
    }

    public int states() {
        return rows.size();
    }

    /** Receives one stored value. */
    @FunctionalInterface
    public interface EntryVisitor<K> {
        void visit(K state, int slot, double value);
    }

    /** Visits every stored value (in no particular order). */
    public void forEach(EntryVisitor<K> v) {
        rows.forEach((k, r) -> {
            for (int i = 0; i < r.size; i++) {
                v.visit(k, r.slots[i], r.values[i]);
            }
        });
    }

    /** A deep copy: setting a value in either leaves the other as it was. */
    public QTable<K> copy() {
        QTable<K> c = new QTable<>(initial);
        rows.forEach((k, r) -> c.rows.put(k, r.copy()));
        c.entries = entries;
        return c;
    }

    public void clear() {
        rows.clear();
        entries = 0;
    }

    /** A growable pair of parallel arrays; rows stay tiny because few actions of a state are ever tried. */
    private static final class Row {
        private short[] slots = new short[2];
        private double[] values = new double[2];
        private int size;

        Row copy() {
            Row c = new Row();
            c.slots = slots.clone();
            c.values = values.clone();
            c.size = size;
            return c;
        }

        double get(int slot, double absent) {
            for (int i = 0; i < size; i++) {
                if (slots[i] == slot) {
                    return values[i];
                }
            }
            return absent;
        }

        /** Returns true when the slot was new. */
        boolean put(int slot, double v) {
            for (int i = 0; i < size; i++) {
                if (slots[i] == slot) {
                    values[i] = v;
                    return false;
                }
            }
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            slots[size] = (short) slot;
            values[size++] = v;
            return true;
        }
    }
}
