package org.hitlmidi;

import java.time.Duration;

/**
 * Waiting on an event instead of sleeping a fixed time: the condition is checked at once and then every few
 * milliseconds until it holds or the deadline passes. The deadline is a bound for a loaded machine, not a
 * figure: a condition that holds returns as soon as it is seen.
 */
public final class Await {
    /** How often a condition is looked at: short enough to see an event soon, long enough to leave the CPU. */
    static final long POLL_MILLIS = 5;

    private Await() {
    }

    /** A condition that may ask a device or a port (and so may throw). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private static boolean check(Condition c) {
        try {
            return c.holds();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("checking a condition failed: " + e, e);
        }
    }

    /** True as soon as {@code condition} holds; false if it did not within {@code timeout}. */
    public static boolean within(Duration timeout, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check(condition)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000)));
        }
        return true;
    }

    /** Returns as soon as {@code condition} holds; fails naming {@code what} if it did not within {@code timeout}. */
    public static void until(Duration timeout, String what, Condition condition) throws InterruptedException {
        if (!within(timeout, condition)) {
            throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + ": it did not happen");
        }
    }

    /**
     * Waits until {@code value} has not changed for {@code quiet} (the last events have arrived), at most
     * {@code timeout}; returns whether it settled.
     */
    public static boolean quiet(Duration quiet, Duration timeout, java.util.function.LongSupplier value)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = value.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long v = value.getAsLong();
            if (v != last) {
                last = v;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }
}
