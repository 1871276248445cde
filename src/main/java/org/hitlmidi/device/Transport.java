package org.hitlmidi.device;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs what the port's input asks for (a followed clock's START, CONTINUE and STOP, a key heard by key follow) on
 * a thread of its own, off the port's receiving thread; what fails there is logged.
 */
final class Transport {
    private final ExecutorService executor = daemonExecutor("hitl-midi-transport");
    private final Consumer<String> log;

    Transport(Consumer<String> log) {
        this.log = log;
    }

    /** Runs {@code action} on the transport's thread. */
    void run(String what, Supplier<?> action) {
        executor.execute(() -> fromTransport(what, action));
    }

    /**
     * {@code action} run as {@link #run} does, but one at a time: what comes while one is queued (a beat of a followed
     * clock while the last one waits for the device's lock) adds none.
     */
    Runnable coalescing(String what, Supplier<?> action) {
        java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (queued.compareAndSet(false, true)) {
                run(what, () -> {
                    queued.set(false);
                    return action.get();
                });
            }
        };
    }

    /** The followed clock's START or CONTINUE: {@code play} once the incoming tempo is known, off the input's thread. */
    void play(String what, DeviceClock clock, Supplier<?> play) {
        executor.execute(() -> {
            awaitIncomingTempo(clock);
            fromTransport(what, play);
        });
    }

    /** A followed clock's transport, the device's: START and CONTINUE {@code play} (see {@link #play}), STOP stops. */
    org.hitlmidi.midi.ClockFollower.Listener follow(Supplier<DeviceClock> clock, Supplier<?> play, Supplier<?> stop) {
        return new org.hitlmidi.midi.ClockFollower.Listener() {
            @Override
            public void started(long atNanos) {
                play("start", clock.get(), play);
            }

            @Override
            public void continued(long positionTicks, long atNanos) {
                play("continue", clock.get(), play);
            }

            @Override
            public void stopped(long positionTicks, long atNanos) {
                run("stop", stop);
            }
        };
    }

    void shutdown() {
        executor.shutdown();
    }

    /** A DAW may send ticks only while it plays: after its START, the loop needs two ticks for the tempo. */
    private static void awaitIncomingTempo(DeviceClock clock) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (clock.mode() == DeviceClock.Mode.FOLLOW && !clock.following() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void fromTransport(String what, Supplier<?> action) {
        try {
            action.get();
        } catch (RuntimeException e) {
            log.accept("clock " + what + ": " + e.getMessage());
        }
    }

    static ExecutorService daemonExecutor(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
