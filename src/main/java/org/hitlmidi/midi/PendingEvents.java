package org.hitlmidi.midi;

/**
 * The process callback's events not yet due, earliest first; of equal times, the first sent first. A binary heap
 * on preallocated arrays: an insert or a removal moves at most log2(capacity) entries (a sorted array shifted up to
 * the whole list per insert). Real-time thread only; nothing allocates.
 */
final class PendingEvents {
    private final long[] time;
    private final long[] order;
    private final int[] message;
    private int size;
    private long arrivals;

    PendingEvents(int capacity) {
        time = new long[capacity];
        order = new long[capacity];
        message = new int[capacity];
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == time.length;
    }

    void clear() {
        size = 0;
    }

    /** Adds one; false when full. */
    boolean add(long t, int m) {
        if (size == time.length) {
            return false;
        }
        long o = arrivals++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, o, time[parent], order[parent])) {
                break;
            }
            set(i, time[parent], order[parent], message[parent]);
            i = parent;
        }
        set(i, t, o, m);
        return true;
    }

    /** Time of the earliest (size() > 0). */
    long firstTime() {
        return time[0];
    }

    int firstMessage() {
        return message[0];
    }

    /** Removes the earliest (size() > 0). */
    void removeFirst() {
        int last = --size;
        if (last == 0) {
            return;
        }
        long t = time[last];
        long o = order[last];
        int m = message[last];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= last) {
                break;
            }
            if (c + 1 < last && before(time[c + 1], order[c + 1], time[c], order[c])) {
                c++;
            }
            if (!before(time[c], order[c], t, o)) {
                break;
            }
            set(i, time[c], order[c], message[c]);
            i = c;
        }
        set(i, t, o, m);
    }

    private static boolean before(long t1, long o1, long t2, long o2) {
        return t1 < t2 || (t1 == t2 && o1 < o2);
    }

    private void set(int i, long t, long o, int m) {
        time[i] = t;
        order[i] = o;
        message[i] = m;
    }
}
