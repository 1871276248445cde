package org.hitlmidi.panel;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javafx.animation.AnimationTimer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;

/**
 * The current track as a piano roll: melody notes above, one lane per drum key below, a line per beat and
 * a playback cursor. Vector nodes only (no raster), styled by CSS (.piano-roll .note, .drum, .beat, .cursor).
 */
public class PianoRoll extends Region {
    private static final double DRUM_LANE_SHARE = 0.28;
    private static final double PAD = 2;

    private final DoubleProperty cursorBeat = new SimpleDoubleProperty(this, "cursorBeat", -1);
    private final Line cursor = new Line();
    private final Text empty = new Text("no track yet");
    private final List<Rectangle> notes = new ArrayList<>();
    private final List<Rectangle> hits = new ArrayList<>();
    private final List<Line> beats = new ArrayList<>();
    private Track track;
    private final AnimationTimer timer;
    private long playStartNanos;

    public PianoRoll() {
        getStyleClass().add("piano-roll");
        cursor.getStyleClass().add("cursor");
        empty.getStyleClass().add("empty-text");
        cursor.setManaged(false);
        cursorBeat.addListener(o -> requestLayout());
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (track == null) {
                    stop();
                    return;
                }
                double beat = (now - playStartNanos) / 1e9 * track.tempo() / 60.0;
                if (beat >= track.lengthBeats()) {
                    cursorBeat.set(-1);
                    stop();
                } else {
                    cursorBeat.set(beat);
                }
            }
        };
        getChildren().add(empty);
        setMinSize(60, 40);
        setPrefSize(300, 120);
    }

    public Track getTrack() {
        return track;
    }

    /** Shows {@code t} (null: nothing) and hides the cursor. */
    public void setTrack(Track t) {
        timer.stop();
        cursorBeat.set(-1);
        track = t;
        notes.clear();
        hits.clear();
        beats.clear();
        getChildren().clear();
        if (t == null) {
            getChildren().add(empty);
            requestLayout();
            return;
        }
        int n = (int) Math.ceil(t.lengthBeats());
        for (int b = 0; b <= n; b++) {
            Line l = new Line();
            l.getStyleClass().add(b % 4 == 0 ? "bar" : "beat");
            l.setManaged(false);
            beats.add(l);
        }
        for (int i = 0; i < t.melody().size(); i++) {
            Rectangle r = new Rectangle();
            r.getStyleClass().add("note");
            r.setManaged(false);
            notes.add(r);
        }
        for (int i = 0; i < t.percussion().size(); i++) {
            Rectangle r = new Rectangle();
            r.getStyleClass().add("drum");
            r.setManaged(false);
            hits.add(r);
        }
        getChildren().addAll(beats);
        getChildren().addAll(notes);
        getChildren().addAll(hits);
        getChildren().add(cursor);
        requestLayout();
    }

    /** Runs the cursor from the start of the track, from {@code startNanos} on the animation clock. */
    public void startCursor(long startNanos) {
        if (track == null) {
            return;
        }
        playStartNanos = startNanos;
        cursorBeat.set(0);
        timer.start();
    }

    public void stopCursor() {
        timer.stop();
        cursorBeat.set(-1);
    }

    /** Where the cursor is, in beats; -1 when the track is not playing. */
    public DoubleProperty cursorBeatProperty() {
        return cursorBeat;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        double x0 = snappedLeftInset();
        double y0 = snappedTopInset();
        if (track == null) {
            var b = empty.getLayoutBounds();
            empty.relocate(x0 + (w - b.getWidth()) / 2, y0 + (h - b.getHeight()) / 2);
            return;
        }
        double beatsLen = Math.max(1, Math.ceil(track.lengthBeats()));
        double pxPerBeat = (w - 2 * PAD) / beatsLen;
        TreeSet<Integer> keys = new TreeSet<>();
        track.percussion().forEach(hh -> keys.add(hh.key()));
        double drumH = keys.isEmpty() ? 0 : h * DRUM_LANE_SHARE;
        double melodyH = h - drumH - PAD;

        int lo = 127;
        int hi = 0;
        for (Note nt : track.melody()) {
            lo = Math.min(lo, nt.pitch());
            hi = Math.max(hi, nt.pitch());
        }
        if (lo > hi) {
            lo = 60;
            hi = 72;
        }
        // At least an octave shown, so one-step edits stay visible as small moves.
        int span = Math.max(12, hi - lo + 2);
        int bottom = lo - (span - (hi - lo)) / 2;
        double rowH = (melodyH - 2 * PAD) / (span + 1);

        for (int b = 0; b < beats.size(); b++) {
            Line l = beats.get(b);
            double x = snap(x0 + PAD + b * pxPerBeat);
            l.setStartX(x);
            l.setEndX(x);
            l.setStartY(y0);
            l.setEndY(y0 + h);
        }
        for (int i = 0; i < notes.size(); i++) {
            Note nt = track.melody().get(i);
            Rectangle r = notes.get(i);
            double x = x0 + PAD + track.startOf(i) * pxPerBeat;
            double y = y0 + PAD + (span - (nt.pitch() - bottom)) * rowH;
            r.setX(x + 0.5);
            r.setY(y);
            r.setWidth(Math.max(2, nt.duration() * pxPerBeat - 1));
            r.setHeight(Math.max(2, rowH));
            r.setArcWidth(3);
            r.setArcHeight(3);
        }
        List<Integer> keyList = new ArrayList<>(keys.descendingSet());
        double laneH = keys.isEmpty() ? 0 : (drumH - PAD) / keyList.size();
        double laneTop = y0 + melodyH + PAD;
        for (int i = 0; i < hits.size(); i++) {
            DrumHit dh = track.percussion().get(i);
            Rectangle r = hits.get(i);
            int lane = keyList.indexOf(dh.key());
            r.setX(x0 + PAD + dh.beat() * pxPerBeat + 0.5);
            r.setY(laneTop + lane * laneH + laneH * 0.15);
            r.setWidth(Math.max(2, DrumHit.LENGTH * pxPerBeat - 1));
            r.setHeight(Math.max(2, laneH * 0.7));
        }
        double cb = cursorBeat.get();
        cursor.setVisible(cb >= 0);
        double cx = x0 + PAD + Math.max(0, cb) * pxPerBeat;
        cursor.setStartX(cx);
        cursor.setEndX(cx);
        cursor.setStartY(y0);
        cursor.setEndY(y0 + h);
    }

    /** Half-pixel lines stay one device pixel wide instead of two blurred ones. */
    private double snap(double x) {
        return Math.floor(x) + 0.5;
    }

    /** Number of melody note shapes and drum hit shapes drawn (for tests). */
    int[] shapeCounts() {
        return new int[] {notes.size(), hits.size()};
    }
}
