package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Consumer;
import org.hitlmidi.control.Request;
import org.hitlmidi.midi.Player;
import org.hitlmidi.music.Track;

/**
 * What plays and when: the current track handed to the player (muted parts, live feel, a followed clock's tempo)
 * on the playing loop's next bar line, and the `clock` and `quantize` requests. Called with the {@link Device}'s
 * lock held.
 */
final class Playback {
    static final String CLOCK_SETTING = "clock";

    private final Session s;
    private final Player player;
    private final DeviceClock clock;
    /** Where changes land: the playing loop's next bar line (see {@link ChangeQueue}). */
    private final ChangeQueue changes;
    private final Device.Events events;
    private final DeviceSettings settings;
    private final Consumer<String> log;

    Playback(Session s, Player player, DeviceClock clock, ChangeQueue changes, Device.Events events,
             DeviceSettings settings, Consumer<String> log) {
        this.s = s;
        this.player = player;
        this.clock = clock;
        this.changes = changes;
        this.events = events;
        this.settings = settings;
        this.log = log;
    }

    /** Hears the player: a track that ends stops the sent clock, and one that played out says so (`track_ended`). */
    void listen() {
        player.addListener(new Player.Listener() {
            @Override
            public void trackEnded(long trackId, long atNanos, Player.EndReason reason) {
                if (reason != Player.EndReason.REPLACED) {
                    clock.playingStopped();
                }
                if (reason == Player.EndReason.FINISHED) {
                    events.emit("track_ended", DeviceViews.body().put("trackId", trackId));
                }
            }
        });
    }

    /** Plays the current track and says so (`track_started`). */
    void playCurrent() {
        startPlayer();
        events.emit("track_started", DeviceViews.body().set("track", DeviceViews.track(s.current())));
    }

    /**
     * Plays the current track, at its tempo (a followed clock's while following): with nothing playing at once (on
     * the next bar of a followed clock), else on the playing loop's next bar line ({@link ChangeQueue}).
     */
    void startPlayer() {
        startPlayer(ChangeQueue.Kind.MATERIAL);
    }

    /** {@link #startPlayer()}; FEEL: the current track goes on from the same place of the loop (tempo, mute...). */
    void startPlayer(ChangeQueue.Kind kind) {
        Track t = played();
        double bpm = clock.tempo(t.tempo());
        boolean wasPlaying = player.isPlaying();
        long at = changes.play(s.current().trackId(), bpm == t.tempo() ? t : t.withTempo(bpm), s.voice(), s.state().loop(), kind);
        if (kind == ChangeQueue.Kind.FEEL && wasPlaying) {
            clock.tempoChanged(bpm, at);
        } else {
            clock.trackStarted(bpm, at);
        }
    }

    /** The current track as it is played: parts muted, live feel (swing, humanize, intensity, levels) rendered. */
    private Track played() {
        Track t = s.current().track();
        if (!s.state().muted().isEmpty() && t.arrangement().barred()) {
            t = t.withArrangement(t.arrangement().withMuted(s.state().muted()));
        }
        return s.state().live().render(t); // how it is played, not what it is
    }

    /**
     * How far (ns) the playing loop may be off a followed clock's bar grid before it is brought back: a quarter of a
     * millisecond, 12 frames at 48 kHz (the clock's own bar line, predicted from its ticks, is a frame or two off).
     */
    static final double DRIFT_NANOS = 250_000;

    /**
     * While a followed clock runs, at each of its beats: a loop that is (or within a bar will be) off the clock's bar
     * grid, as when the DAW changed its tempo while the loop played, goes on at the clock's tempo from its next bar
     * line (beat, with {@code quantize beat}), from the same place in the loop ({@link ChangeQueue#retime}). Nothing
     * when a change waits for its line (it lands at the clock's tempo then, and is looked at again after it).
     * Returns whether the loop was re-timed.
     */
    boolean followClock() {
        if (!clock.following() || !player.isPlaying() || player.pendingAt() >= 0 || s.current() == null) {
            return false;
        }
        Track t = played();
        int beatsPerBar = (int) Math.round(t.arrangement().meter().beatsPerBar());
        long line = clock.nextLine(player.earliestStart(), false, beatsPerBar);
        double dawBar = clock.barNanos(beatsPerBar);
        double ownBar = player.barNanos();
        if (line < 0 || !(dawBar > 0) || !(ownBar > 0)) {
            return false;
        }
        double off = Math.max(offGrid(player.barsAt(line)), offGrid(player.barsAt(line + Math.round(dawBar)))) * ownBar;
        if (!(off > DRIFT_NANOS)) {
            return false;
        }
        double bpm = clock.tempo(t.tempo());
        changes.retime(s.current().trackId(), bpm == t.tempo() ? t : t.withTempo(bpm), s.voice(), s.state().loop());
        return true;
    }

    /** How far a place (in bars) is from the nearest bar line, in bars (0..0.5); NaN stays NaN. */
    private static double offGrid(double bars) {
        return Math.abs(bars - Math.rint(bars));
    }

    /** Stops playing, every sounding note ended (the current track stays current). */
    void stop() {
        player.stop();
    }

    /**
     * The track that plays is heard with the tempo, feel, levels and mutes now in force: from the playing loop's next
     * bar line on, from the same place of the loop (quantized: {@link ChangeQueue}).
     */
    void retake() {
        startPlayer(ChangeQueue.Kind.FEEL);
    }

    /** The `clock` request: the clock's state, after switching to {@code mode} when given. */
    ObjectNode clock(Optional<String> mode) {
        if (mode.isPresent()) {
            DeviceClock.Mode m;
            try {
                m = DeviceClock.Mode.parse(mode.get());
            } catch (IllegalArgumentException e) {
                throw Request.bad(e.getMessage());
            }
            clock.setMode(m);
            settings.put(CLOCK_SETTING, m.key());
            log.accept("clock: " + m.key());
            if (m == DeviceClock.Mode.SEND && player.isPlaying()) {
                startPlayer(); // the clock's bar 1 is where a track begins: begin this one again with it
            }
        }
        return DeviceViews.body().set("clock", clock.json());
    }

    /** The `quantize` request: where changes land (bar, beat, off), after setting it when given; remembered. */
    ObjectNode quantize(Optional<String> mode) {
        if (mode.isPresent()) {
            ChangeQueue.Quantize q;
            try {
                q = ChangeQueue.Quantize.parse(mode.get());
            } catch (IllegalArgumentException e) {
                throw Request.bad(e.getMessage());
            }
            changes.setMode(q);
            settings.put(ChangeQueue.SETTING, q.key());
            log.accept("quantize: " + q.key());
        }
        return changes.json();
    }

    /** The remembered clock mode and quantize grid, set at start (a bad one is logged and left at its default). */
    void restoreSettings() {
        settings.get(ChangeQueue.SETTING).ifPresent(q -> {
            try {
                changes.setMode(ChangeQueue.Quantize.parse(q));
            } catch (IllegalArgumentException e) {
                log.accept("remembered " + e.getMessage() + ": quantize bar");
            }
        });
        settings.get(CLOCK_SETTING).ifPresent(m -> {
            try {
                clock.setMode(DeviceClock.Mode.parse(m));
                log.accept("clock: " + m + " (chosen last)");
            } catch (IllegalArgumentException e) {
                log.accept("remembered " + e.getMessage() + ": clock off");
            }
        });
    }
}
