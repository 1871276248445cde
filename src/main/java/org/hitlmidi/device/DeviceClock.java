package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.ClockFollower;
import org.hitlmidi.midi.ClockOut;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.midi.MidiPort;

/**
 * The device's MIDI clock. {@code send}: each track starts the clock (START, then 24 ticks per quarter note at
 * the track's tempo), so a DAW or drum machine following it has bar 1 where the track begins; the clock stops
 * when playing stops. {@code follow}: an incoming clock (a DAW's) is tracked by a delay-locked loop; while its
 * transport runs, tracks start on its next bar and play at its tempo, its START plays the current track and its
 * STOP stops it. {@code off}: neither.
 */
final class DeviceClock implements AutoCloseable {
    enum Mode {
        OFF, SEND, FOLLOW;

        static Mode parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("clock mode '" + s + "' is none of off, send, follow");
            }
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int BEATS_PER_BAR = 4;

    private final MidiPort port;
    private final ClockFollower follower;
    private volatile Runnable beat = () -> { };
    // guarded by this
    private Mode mode;
    private ClockOut out;

    /** @param transport told (on the port's receiving thread: it must return quickly) of the followed clock's start and stop */
    DeviceClock(MidiPort port, Mode mode, ClockFollower.Listener transport) {
        this.port = port;
        this.mode = mode;
        this.follower = new ClockFollower(1.0, new ClockFollower.Listener() {
            @Override
            public void started(long atNanos) {
                if (mode() == Mode.FOLLOW) {
                    transport.started(atNanos);
                }
            }

            @Override
            public void continued(long positionTicks, long atNanos) {
                if (mode() == Mode.FOLLOW) {
                    transport.continued(positionTicks, atNanos);
                }
            }

            @Override
            public void stopped(long positionTicks, long atNanos) {
                if (mode() == Mode.FOLLOW) {
                    transport.stopped(positionTicks, atNanos);
                }
            }
        });
    }

    synchronized Mode mode() {
        return mode;
    }

    synchronized void setMode(Mode m) {
        if (m != Mode.SEND && out != null) {
            out.stop();
        }
        mode = m;
    }

    /**
     * Told (on the port's receiving thread: it must return quickly) at each beat of a followed clock while it runs,
     * so the playing loop can be kept on its grid ({@link Playback#followClock}).
     */
    void onBeat(Runnable beat) {
        this.beat = beat;
    }

    /** Every message of the port's input (clock messages are 0xF8..0xFC and song position). */
    void receive(int status, int data1, int data2, long atNanos) {
        if (status >= Midi.SONG_POSITION) {
            follower.receive(status, data1, data2, atNanos);
            // the tick on a beat (the song position is the next tick's)
            if (status == Midi.CLOCK && follower.positionTicks() % Midi.PPQN == 1 && following()) {
                beat.run();
            }
        }
    }

    /** Whether tracks follow an incoming clock now: in follow mode with its transport running and its tempo known. */
    boolean following() {
        return mode() == Mode.FOLLOW && follower.isRunning() && !Double.isNaN(follower.tempo());
    }

    /** When a track asked for at {@code earliest} starts: then, or while following, the first bar of the DAW's after it. */
    long start(long earliest) {
        if (!following()) {
            return earliest;
        }
        long bar = follower.nextBarNanos(BEATS_PER_BAR);
        double barNanos = follower.tickNanos() * Midi.PPQN * BEATS_PER_BAR;
        if (bar < 0 || !(barNanos >= 1e6)) {
            return earliest; // (a bar of under a millisecond would never reach earliest)
        }
        while (bar < earliest) {
            bar += Math.round(barNanos);
        }
        return bar;
    }

    /**
     * While following: the DAW's first bar line (or beat, with {@code beat}) at or after {@code earliest}, from its
     * song position; else -1. A quantized change lands there, so the loop's bar lines stay the DAW's.
     */
    long nextLine(long earliest, boolean beat, int beatsPerBar) {
        if (!following()) {
            return -1;
        }
        int per = beat ? 1 : Math.max(1, beatsPerBar);
        long line = follower.nextBarNanos(per);
        if (line < 0) {
            return -1;
        }
        double step = follower.tickNanos() * Midi.PPQN * per;
        if (!(step >= 1e6)) {
            return -1;
        }
        if (line < earliest) {
            line += Math.round(Math.ceil((earliest - line) / step) * step);
        }
        return line;
    }

    /**
     * The tempo to play at: the followed clock's (to 0.001 BPM: to a tenth, a loop beside a DAW at 128.33 BPM would
     * drift a frame off its grid every 80 ms) while following, else the track's own.
     */
    double tempo(double own) {
        return following() ? Math.max(20, Math.min(400, Math.round(follower.tempo() * 1000) / 1000.0)) : own;
    }

    /** A bar of the followed clock in ns, or NaN when not following. */
    double barNanos(int beatsPerBar) {
        return following() ? follower.tickNanos() * Midi.PPQN * beatsPerBar : Double.NaN;
    }

    /** A track starts at {@code atNanos}: in send mode the clock (re)starts there, bar 1 with the track's first note. */
    synchronized void trackStarted(double bpm, long atNanos) {
        if (mode == Mode.SEND) {
            if (out == null) {
                out = new ClockOut(port);
            }
            out.start(bpm, atNanos);
        }
    }

    /**
     * The playing track goes on at {@code bpm} from {@code atNanos} (a change of tempo or feel on a bar line): in send
     * mode the clock keeps its bar count and changes its tempo there; with no clock running it starts as for a track.
     */
    synchronized void tempoChanged(double bpm, long atNanos) {
        if (mode == Mode.SEND && out != null && out.isRunning()) {
            out.setTempoAt(bpm, atNanos);
        } else {
            trackStarted(bpm, atNanos);
        }
    }

    /** Playing stopped (the track ended, stop, panic): in send mode the clock stops. */
    synchronized void playingStopped() {
        if (out != null) {
            out.stop();
        }
    }

    ObjectNode json() {
        ObjectNode o = Protocol.nodes().objectNode();
        o.put("mode", mode().key());
        synchronized (this) {
            o.put("sending", out != null && out.isRunning());
        }
        double t = follower.tempo();
        o.put("incomingRunning", follower.isRunning());
        if (!Double.isNaN(t)) {
            o.put("incomingTempo", Math.round(t * 100) / 100.0);
        }
        o.put("incomingTicks", follower.ticks());
        return o;
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            out.close();
        }
    }
}
