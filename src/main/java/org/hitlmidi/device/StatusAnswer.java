package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * `status` that never waits behind a long operation (issue 16, item 9: at 300,000 ratings a status waited behind an
 * undo's replay, a learner switch or a profile load, p99 254 ms). The full status is read under the device's lock
 * on a thread of its own; when that does not answer within {@link #WAIT_MILLIS}, the reply is the last full status
 * (taken by the last status, rating or undo) with what other parts answer themselves brought up to date (the port,
 * whether it plays, the clock, the controller, a pending change) and {@code "busy": true}: the device is doing
 * something, and the learner's figures are as they were before it. A last full status older than the session's last
 * change is never answered: a client that changed something and then asks sees its change (it waits for the lock).
 */
final class StatusAnswer {
    /** How long a status waits for the device's lock before it answers from the last full status. */
    static final long WAIT_MILLIS = 20;

    private final Supplier<ObjectNode> locked;
    private final Supplier<ObjectNode> live;
    private final ExecutorService reader = Transport.daemonExecutor("hitl-midi-status");
    private final LongSupplier changes;
    private volatile Taken last;
    /** A full status being read (waiting for the lock): later statuses wait on it rather than queue. */
    private Future<ObjectNode> reading; // guarded by this

    /**
     * @param locked the full status; called with the device's lock held (it takes it)
     * @param live   the fields that need no lock, fresh
     * @param changes how many times the session's state was replaced so far (read without the lock)
     */
    StatusAnswer(Supplier<ObjectNode> locked, Supplier<ObjectNode> live, LongSupplier changes) {
        this.locked = locked;
        this.live = live;
        this.changes = changes;
    }

    /** A full status and the session's change count when it was taken (or before: never newer than it). */
    private record Taken(ObjectNode status, long changes) {
    }

    /** Keeps {@code status}, taken under the device's lock (held by the caller), as what a busy device answers. */
    void publish(ObjectNode status) {
        last = new Taken(status, changes.getAsLong());
    }

    ObjectNode answer() {
        Future<ObjectNode> f;
        synchronized (this) {
            if (reading == null || reading.isDone()) {
                reading = reader.submit(() -> {
                    long at = changes.getAsLong(); // before the lock: a change in between only makes it look older
                    ObjectNode o = locked.get();
                    last = new Taken(o, at);
                    return o;
                });
            }
            f = reading;
        }
        try {
            return f.get(WAIT_MILLIS, TimeUnit.MILLISECONDS).deepCopy();
        } catch (TimeoutException e) {
            Taken before = last;
            if (before == null || before.changes() != changes.getAsLong()) {
                // nothing answered yet, or the state changed since (a params, a rating...): wait for the lock after all
                return join(f);
            }
            ObjectNode o = before.status().deepCopy();
            o.setAll(live.get());
            return o.put("busy", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return join(f);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static ObjectNode join(Future<ObjectNode> f) {
        try {
            return f.get().deepCopy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the status", e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }

    void close() {
        reader.shutdownNow();
    }
}
