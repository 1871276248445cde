package org.hitlmidi.midi;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A preallocated single-producer/single-consumer queue of timed short messages: the lock-free hand-over
 * between a normal thread and a real-time one. Neither side allocates, locks or blocks.
 */
final class EventRing {
    private final long[] times;
    private final int[] messages;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next slot the consumer reads
    private final AtomicLong tail = new AtomicLong(); // next slot the producer publishes
    private long written; // next slot the producer writes (producer side only)

    EventRing(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        times = new long[capacityPowerOfTwo];
        messages = new int[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    static int pack(int status, int data1, int data2) {
        return (status & 0xFF) | (data1 & 0x7F) << 8 | (data2 & 0x7F) << 16;
    }

    static int status(int packed) {
        return packed & 0xFF;
    }

    static int data1(int packed) {
        return (packed >> 8) & 0x7F;
    }

    static int data2(int packed) {
        return (packed >> 16) & 0x7F;
    }

    /** Producer side; false when full. Publishes what {@link #offerHeld} put before it, too. */
    boolean offer(long time, int message) {
        if (!offerHeld(time, message)) {
            return false;
        }
        publish();
        return true;
    }

    /**
     * Producer side: puts an event in the ring that the consumer does not see until {@link #publish} (or an
     * {@link #offer}): events that must reach the consumer together. False when full.
     */
    boolean offerHeld(long time, int message) {
        long t = written;
        if (t - head.get() > mask) {
            return false;
        }
        int i = (int) t & mask;
        times[i] = time;
        messages[i] = message;
        written = t + 1;
        return true;
    }

    /** Producer side: the consumer sees everything offered so far, at once. */
    void publish() {
        tail.lazySet(written); // publishes the slots after their contents
    }

    /** Consumer side: how many are waiting. */
    int available() {
        return (int) (tail.get() - head.get());
    }

    /** Consumer side: time of the k-th waiting event (k < available()). */
    long peekTime(int k) {
        return times[(int) (head.get() + k) & mask];
    }

    int peekMessage(int k) {
        return messages[(int) (head.get() + k) & mask];
    }

    /** Consumer side: releases the first {@code n} waiting events. */
    void drop(int n) {
        head.lazySet(head.get() + n);
    }

    /** How many were ever published: a mark for {@link #discardUpTo}; any thread. */
    long offered() {
        return tail.get();
    }

    /**
     * Consumer side: forgets what was offered before {@code mark} ({@link #offered()} read earlier) and is still
     * waiting; what came after the mark stays. Only the consumer moves the head: a "clear" from another thread,
     * landing between the consumer's read and its {@link #drop}, put the head past the tail and lost what came next.
     */
    void discardUpTo(long mark) {
        long h = head.get();
        if (mark > h) {
            head.lazySet(Math.min(mark, tail.get()));
        }
    }
}
