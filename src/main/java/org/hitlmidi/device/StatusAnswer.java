package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * `status` that never waits behind a long operation (issue 16, item 9: at 300,000 ratings a status waited behind an
 * undo's replay, a learner switch or a profile load, p99 254 ms). The full status is read under the device's lock
 * on a thread of its own; when that does not answer within {@link #WAIT_MILLIS}, the reply is the last full status
 * (taken by the last status, rating or undo) with what other parts answer themselves brought up to date (the port,
 * whether it plays, the clock, the controller, a pending change) and {@code "busy": true}: the device is doing
 * something, and the learner's figures are as they were before it.
 */
final class StatusAnswer {
    /** How long a status waits for the device's lock before it answers from the last full status. */
    static final long WAIT_MILLIS = 20;

    private final Supplier<ObjectNode> locked;
    private final Supplier<ObjectNode> live;
    private final ExecutorService reader = Transport.daemonExecutor("hitl-midi-status");
    private volatile ObjectNode last;
    /** A full status being read (waiting for the lock): later statuses wait on it rather than queue. */
    private Future<ObjectNode> reading; // guarded by this

    /**
     * @param locked the full status; called with the device's lock held (it takes it)
     * @param live   the fields that need no lock, fresh
     */
    StatusAnswer(Supplier<ObjectNode> locked, Supplier<ObjectNode> live) {
        this.locked = locked;
        this.live = live;
    }

    /** Keeps {@code status}, taken under the device's lock, as what a busy device answers. */
    void publish(ObjectNode status) {
        last = status;
    }

    ObjectNode answer() {
        Future<ObjectNode> f;
        synchronized (this) {
            if (reading == null || reading.isDone()) {
                reading = reader.submit(() -> {
                    ObjectNode o = locked.get();
                    last = o;
                    return o;
                });
            }
            f = reading;
        }
        try {
            return f.get(WAIT_MILLIS, TimeUnit.MILLISECONDS).deepCopy();
        } catch (TimeoutException e) {
            ObjectNode before = last;
            if (before == null) { // nothing answered yet: wait for the lock after all
                return join(f);
            }
            ObjectNode o = before.deepCopy();
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
