package org.hitlmidi.midi;

import java.util.function.Consumer;

/**
 * The one seam between hitl-midi and a MIDI system: a port pair of ours (a JACK client, an ALSA sequencer
 * client, CoreMIDI virtual endpoints), an existing OS device, or the built-in synth. One class per backend.
 *
 * <p>{@link #send} is safe to call from several threads (the player, the clock, a panic): producers are
 * serialized on the producer side, and backends hand events to their real-time side through a preallocated
 * single-producer/single-consumer queue, so the real-time side never locks or allocates.
 */
public interface MidiPort extends AutoCloseable {
    /** "jack", "alsa", "coremidi", "device" or "synth". */
    String backend();

    /** What a user sees in their DAW, e.g. "hitl-midi:out". */
    String name();

    /**
     * Queues a short message (1..3 bytes; unused data bytes are ignored by length) to leave the port at
     * {@code atNanos} on the port's clock ({@link #nowNanos()}); a time in the past means as soon as possible.
     *
     * @return false when the queue is full or the port is not connected (the event is dropped and counted)
     */
    boolean send(int status, int data1, int data2, long atNanos);

    /** Where incoming short messages go (CC from a controller, clock from a DAW); called off the real-time thread. */
    void setReceiver(MidiReceiver receiver);

    /** Hears when the port is connected, lost (e.g. the JACK server went away) and connected again. */
    void setStateListener(Consumer<PortState> listener);

    PortState state();

    /**
     * The port's clock in nanoseconds, which {@link #send} times and received times are on: {@link System#nanoTime()},
     * unless the backend has a media clock to follow (JACK: its frame counter), so a track stays on the frames even
     * when the audio clock and the system clock drift apart. Its rate is the same as nanoTime's within a small
     * drift, so durations can be waited with nanoTime.
     */
    default long nowNanos() {
        return System.nanoTime();
    }

    /** Latency from {@link #send} time to sound, in nanoseconds, as the backend knows it (0 if unknown). */
    default long latencyNanos() {
        return 0;
    }

    /**
     * How far ahead of its time an event must be sent so the backend can place it exactly (a JACK period and
     * a margin); an event sent later still goes out, as soon as the backend can. The player sends this much
     * ahead, and starts an "as soon as possible" track this far in the future so its first note is not late
     * relative to the others.
     */
    default long leadNanos() {
        return 0;
    }

    /**
     * The earliest time at which an event sent now is placed exactly (as exactly as every later one): now plus
     * {@link #leadNanos()}, or sooner where the backend knows its period boundaries. A next track starts here.
     */
    default long earliestStart() {
        return nowNanos() + leadNanos();
    }

    /**
     * The soonest start for a track when nothing plays and nothing lines up with it (a rating's next track, issue 13
     * item 5): the next period boundary, without the margins of {@link #earliestStart()}. Its first note leaves
     * there when the sender is quicker than the rest of the period, else a period later (the rest of the track is
     * placed exactly from it either way). The default is {@link #earliestStart()}.
     */
    default long soonestStart() {
        return earliestStart();
    }

    /**
     * Events sent from here to the matching {@link #endBatch()} (from any thread) reach the port's real-time side
     * together: none of them is written in a period before the others arrived, so a chord and the program changes
     * before it, sent one by one, are not split across periods when the sender crosses a period boundary (they leave
     * a period late together instead). Batches nest; keep them short: what others send meanwhile waits too. Call
     * {@link #endBatch()} in a finally. The default does nothing (a port whose events are placed by time alone).
     */
    default void beginBatch() {
    }

    /** Ends a {@link #beginBatch()}: the batch's events go on to the real-time side at once. */
    default void endBatch() {
    }

    /** Events dropped so far because the queue was full or the port was not connected. */
    default long dropped() {
        return 0;
    }

    /** Idempotent; sends all-notes-off first where the port is still connected. */
    @Override
    void close();
}
