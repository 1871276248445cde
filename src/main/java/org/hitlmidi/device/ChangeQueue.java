package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.Player;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Track;

/**
 * Quantized changes: what the device plays next (a new track, or the same one at a new tempo or feel) replaces the
 * playing loop on its next bar line (or beat, or at once: the device setting {@code quantize}), without stopping
 * it and without a hanging note ({@link Player#replaceAt}). While a MIDI clock is followed the line is the DAW's
 * (from its song position), so the loop's bar lines stay the DAW's. With nothing playing, a track starts at once
 * (or on the followed clock's next bar), as before.
 */
final class ChangeQueue {
    /** Where a change lands: the next bar line, the next beat, or at once. */
    enum Quantize {
        BAR, BEAT, OFF;

        static Quantize parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("quantize '" + s + "' is none of bar, beat, off");
            }
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        Player.Grid grid() {
            return switch (this) {
                case BAR -> Player.Grid.BAR;
                case BEAT -> Player.Grid.BEAT;
                case OFF -> Player.Grid.NONE;
            };
        }
    }

    /** What a change is: a new track (material: a new episode, from its top) or the same one played on (feel). */
    enum Kind {
        MATERIAL, FEEL;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String SETTING = "quantize";

    private final Player player;
    private final DeviceClock clock;
    // guarded by this
    private Quantize mode = Quantize.BAR;
    private Kind pendingKind = Kind.MATERIAL;
    /** When the last change was asked for and when it lands (port clock), for the bench and the reply. */
    private long askedAt;
    private long landsAt = -1;

    ChangeQueue(Player player, DeviceClock clock) {
        this.player = player;
        this.clock = clock;
    }

    synchronized Quantize mode() {
        return mode;
    }

    synchronized void setMode(Quantize q) {
        mode = q;
    }

    /**
     * Plays {@code track} ({@code kind} FEEL: from the same place of the playing loop) on the next line, or at
     * once (on a followed clock's next bar) with nothing playing. Returns when it begins to sound (port clock).
     */
    synchronized long play(long trackId, Track track, MidiFiles.Voice voice, boolean loop, Kind kind) {
        Quantize q = mode;
        int beatsPerBar = (int) Math.round(track.arrangement().meter().beatsPerBar());
        java.util.function.LongUnaryOperator line;
        double snap = 0;
        if (!player.isPlaying()) {
            // sending a clock: START goes out after this call at the start returned, so the start keeps the port's
            // margins (a line at the earliest start) rather than the soonest start with the first events sent at once,
            // which left START a period or two after the first note (ClockJackTest: -512 frames at period 256)
            line = clock.following() ? clock::start : clock.mode() == DeviceClock.Mode.SEND ? e -> e : null;
        } else if (clock.following() && q != Quantize.OFF) {
            line = e -> {
                long l = clock.nextLine(e, q == Quantize.BEAT, beatsPerBar);
                return l < 0 ? e : l;
            };
            // the DAW's line is one of the loop's: the loop goes on from the bar (beat) it is nearest
            snap = q == Quantize.BEAT ? 1 : beatsPerBar;
        } else {
            line = null;
        }
        askedAt = player.port().nowNanos();
        landsAt = player.replaceAt(trackId, track, voice, -1, loop, q.grid(), line, kind == Kind.FEEL, snap);
        pendingKind = kind;
        return landsAt;
    }

    /**
     * While following a clock: the playing {@code track} (at the clock's tempo) goes on from the clock's next bar line
     * (beat, with {@code quantize beat}), from the bar (beat) of the loop nearest it, so the loop's grid is the
     * clock's again. Not a change asked for: the last change's figures ({@link #lastChange}) stay. Returns when it
     * lands, or -1 when not following.
     */
    synchronized long retime(long trackId, Track track, MidiFiles.Voice voice, boolean loop) {
        if (!clock.following() || !player.isPlaying()) {
            return -1;
        }
        boolean beat = mode == Quantize.BEAT;
        int beatsPerBar = (int) Math.round(track.arrangement().meter().beatsPerBar());
        pendingKind = Kind.FEEL;
        return player.replaceAt(trackId, track, voice, -1, loop, beat ? Player.Grid.BEAT : Player.Grid.BAR, e -> {
            long l = clock.nextLine(e, beat, beatsPerBar);
            return l < 0 ? e : l;
        }, true, beat ? 1 : beatsPerBar);
    }

    /** {@code quantize} and, while a change waits for its line, {@code pending} {trackId, kind, bar, inMs}. */
    synchronized ObjectNode json() {
        ObjectNode o = Protocol.nodes().objectNode().put("quantize", mode.key());
        long at = player.pendingAt();
        if (at >= 0) {
            long now = player.port().nowNanos();
            o.putObject("pending").put("trackId", player.pendingTrackId()).put("kind", pendingKind.key())
                    .put("bar", player.barAt(at)).put("inMs", Math.max(0, Math.round((at - now) / 1e6)));
        }
        return o;
    }

    /** The reply's view of a change just queued: its kind, and when it lands (bar, ms from the request). */
    synchronized ObjectNode lastChange() {
        ObjectNode o = Protocol.nodes().objectNode().put("kind", pendingKind.key()).put("quantize", mode.key());
        if (landsAt >= 0) {
            long bar = player.barAt(landsAt);
            if (bar > 0) {
                o.put("bar", bar);
            }
            o.put("inMs", Math.max(0, Math.round((landsAt - askedAt) / 1e6)));
        }
        return o;
    }
}
