package org.hitlmidi.panel;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import org.hitlmidi.music.Track;

/**
 * The current track as a piano roll: a keyboard strip with note names on the left, a ruler with bar numbers on
 * top, a bar and beat grid, the pitched parts in rows of one semitone (never thinner than {@link #MIN_ROW_PX}
 * while they fit), one named lane per drum key below, one colour per part, and the play position. The grid spans
 * the track's bars at most {@link #MAX_PX_PER_BEAT} px a beat, so a short track is drawn short, not stretched.
 * Vector nodes only, styled by CSS (.piano-roll .note.part-melody, .key, .key-name, .ruler-text, .bar, .beat,
 * .cursor...).
 */
public class PianoRoll extends Region {
    static final double KEYS_W = 36;
    static final double RULER_H = 12;
    static final double MIN_ROW_PX = 5;
    static final double MAX_ROW_PX = 10;
    static final double MAX_PX_PER_BEAT = 40;
    static final double LANE_MIN_PX = 8;
    static final double LANE_MAX_PX = 12;
    /** Pitch rows at least this many: an octave and one, so a one-step edit is a small move. */
    static final int MIN_ROWS = 13;

    private final DoubleProperty cursorBeat = new SimpleDoubleProperty(this, "cursorBeat", -1);
    private final BooleanProperty loop = new SimpleBooleanProperty(this, "loop", false);
    private final Line cursor = new Line();
    private final Text empty = new Text("no track yet");
    private final Rectangle clip = new Rectangle();
    private final Rectangle pastEnd = new Rectangle();
    private final List<Rectangle> noteShapes = new ArrayList<>();
    private final List<Rectangle> keyShapes = new ArrayList<>();
    private final List<Rectangle> blackKeys = new ArrayList<>();
    private final List<Text> keyNames = new ArrayList<>();
    private final List<Rectangle> rowStripes = new ArrayList<>();
    private final List<Line> gridLines = new ArrayList<>();
    private final List<Text> barNumbers = new ArrayList<>();
    private final List<Text> laneNames = new ArrayList<>();
    private final List<Line> laneLines = new ArrayList<>();
    private final Set<RollModel.Part> muted = EnumSet.noneOf(RollModel.Part.class);
    private Track track;
    private RollModel model;
    /** Pitch rows, highest first, and drum keys (lanes), highest first. */
    private List<Integer> rows = List.of();
    private List<Integer> lanes = List.of();
    private final AnimationTimer timer;
    private long playStartNanos;

    public PianoRoll() {
        getStyleClass().add("piano-roll");
        cursor.getStyleClass().add("cursor");
        empty.getStyleClass().add("empty-text");
        pastEnd.getStyleClass().add("past-end");
        cursor.setManaged(false);
        pastEnd.setManaged(false);
        setClip(clip);
        cursorBeat.addListener(o -> requestLayout());
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (model == null) {
                    stop();
                    return;
                }
                double beat = (now - playStartNanos) / 1e9 * model.tempo() / 60.0;
                double len = trackBeats();
                if (loop.get() && len > 0) {
                    cursorBeat.set(beat % len);
                } else if (beat >= len) {
                    cursorBeat.set(-1);
                    stop();
                } else {
                    cursorBeat.set(beat);
                }
            }
        };
        getChildren().add(empty);
        setMinSize(80, 48);
        setPrefSize(300, 120);
    }

    public Track getTrack() {
        return track;
    }

    public RollModel getModel() {
        return model;
    }

    /** Shows {@code t} (null: nothing) and hides the cursor. */
    public void setTrack(Track t) {
        show(t, t == null ? null : RollModel.of(t));
    }

    /** Shows track {@code t} drawn as {@code m} (its parts and bars as the device sent them). */
    public void show(Track t, RollModel m) {
        track = t;
        setModel(m);
    }

    /** Shows {@code m} (null: nothing) and hides the cursor. */
    public void setModel(RollModel m) {
        timer.stop();
        cursorBeat.set(-1);
        model = m;
        for (List<? extends Node> l : List.of(noteShapes, keyShapes, blackKeys, keyNames, rowStripes, gridLines, barNumbers,
                laneNames, laneLines)) {
            l.clear();
        }
        getChildren().clear();
        if (m == null) {
            rows = List.of();
            lanes = List.of();
            getChildren().add(empty);
            requestLayout();
            return;
        }
        int lo = 127;
        int hi = 0;
        TreeSet<Integer> keys = new TreeSet<>();
        for (RollModel.RollNote n : m.notes()) {
            if (n.part().pitched()) {
                lo = Math.min(lo, n.pitch());
                hi = Math.max(hi, n.pitch());
            } else {
                keys.add(n.pitch());
            }
        }
        if (lo > hi) {
            lo = 60;
            hi = 60;
        }
        int extra = Math.max(0, MIN_ROWS - (hi - lo + 1));
        int top = Math.min(127, hi + (extra + 1) / 2);
        int bottom = Math.max(0, lo - extra / 2);
        List<Integer> r = new ArrayList<>();
        boolean anyPitched = m.notes().stream().anyMatch(n -> n.part().pitched()) || keys.isEmpty();
        if (anyPitched) {
            for (int p = top; p >= bottom; p--) {
                r.add(p);
            }
        }
        rows = List.copyOf(r);
        lanes = List.copyOf(keys.descendingSet());

        for (int p : rows) {
            Rectangle stripe = shape(RollModel.isBlackKey(p) ? "row-black" : "row-white");
            rowStripes.add(stripe);
            // every row has its white key; a black key lies over it, as on a keyboard, so names read on white
            keyShapes.add(shape("key-white"));
            if (RollModel.isBlackKey(p)) {
                blackKeys.add(shape("key-black"));
            }
            Text name = text(RollModel.noteName(p), "key-name");
            keyNames.add(name);
        }
        for (int k : lanes) {
            laneNames.add(text(RollModel.drumName(k), "lane-name"));
            Line l = new Line();
            l.getStyleClass().add("lane-line");
            l.setManaged(false);
            laneLines.add(l);
        }
        int pulses = m.bars() * m.pulsesPerBar();
        for (int b = 0; b <= pulses; b++) {
            Line l = new Line();
            l.getStyleClass().add(b % m.pulsesPerBar() == 0 ? "bar" : "beat");
            l.setManaged(false);
            gridLines.add(l);
        }
        for (int bar = 1; bar <= m.bars(); bar++) {
            barNumbers.add(text(Integer.toString(bar), "ruler-text"));
        }
        for (RollModel.RollNote n : m.notes()) {
            Rectangle s = shape(n.part().pitched() ? "note" : "drum");
            s.getStyleClass().add("part-" + n.part().id());
            // louder notes are more opaque
            s.setOpacity(0.55 + 0.45 * n.velocity() / 127.0);
            noteShapes.add(s);
        }
        getChildren().addAll(rowStripes);
        getChildren().addAll(laneLines);
        getChildren().addAll(gridLines);
        getChildren().add(pastEnd);
        getChildren().addAll(noteShapes);
        getChildren().addAll(keyShapes);
        getChildren().addAll(blackKeys);
        getChildren().addAll(keyNames);
        getChildren().addAll(laneNames);
        getChildren().addAll(barNumbers);
        getChildren().add(cursor);
        applyMutes();
        requestLayout();
    }

    private static Rectangle shape(String cls) {
        Rectangle r = new Rectangle();
        r.getStyleClass().add(cls);
        r.setManaged(false);
        return r;
    }

    private static Text text(String s, String cls) {
        Text t = new Text(s);
        t.getStyleClass().add(cls);
        t.setManaged(false);
        return t;
    }

    /** Beats the track itself lasts (the cursor's run), at most the grid. */
    private double trackBeats() {
        if (track != null) {
            return Math.min(track.lengthBeats(), model.lengthBeats());
        }
        double end = 0;
        for (RollModel.RollNote n : model.notes()) {
            end = Math.max(end, n.start() + n.duration());
        }
        return end;
    }

    /** Runs the cursor from the start of the track, from {@code startNanos} on the animation clock. */
    public void startCursor(long startNanos) {
        if (model == null) {
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

    /** While true the cursor wraps at the end of the track (the device loops it) instead of stopping. */
    public BooleanProperty loopProperty() {
        return loop;
    }

    /** Draws a part dimmed (muted on the device, or not soloed). */
    public void setMuted(Set<RollModel.Part> parts) {
        muted.clear();
        muted.addAll(parts);
        applyMutes();
    }

    private void applyMutes() {
        if (model == null) {
            return;
        }
        for (int i = 0; i < noteShapes.size(); i++) {
            boolean m = muted.contains(model.notes().get(i).part());
            noteShapes.get(i).getStyleClass().remove("muted-part");
            if (m) {
                noteShapes.get(i).getStyleClass().add("muted-part");
            }
        }
    }

    /** Pixels a beat takes at the current width. */
    double pxPerBeat() {
        double w = getWidth() - snappedLeftInset() - snappedRightInset() - KEYS_W;
        return model == null ? 0 : Math.min(MAX_PX_PER_BEAT, Math.max(1, w - 2) / model.lengthBeats());
    }

    /** The height of one pitch row at the current size. */
    double rowHeight() {
        return rowH;
    }

    private double rowH;
    private double laneH;

    @Override
    protected void layoutChildren() {
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        double x0 = snappedLeftInset();
        double y0 = snappedTopInset();
        clip.setWidth(getWidth());
        clip.setHeight(getHeight());
        if (model == null) {
            var b = empty.getLayoutBounds();
            empty.relocate(x0 + (w - b.getWidth()) / 2, y0 + (h - b.getHeight()) / 2);
            return;
        }
        double gridX = x0 + KEYS_W;
        double ppb = pxPerBeat();
        double gridW = ppb * model.lengthBeats();
        double body = h - RULER_H;
        laneH = lanes.isEmpty() ? 0
                : Math.max(LANE_MIN_PX, Math.min(LANE_MAX_PX, body * (rows.isEmpty() ? 1 : 0.35) / lanes.size()));
        double drumsH = laneH * lanes.size();
        double pitchH = body - drumsH;
        rowH = rows.isEmpty() ? 0 : Math.min(MAX_ROW_PX, pitchH / rows.size());
        double pitchTop = y0 + RULER_H + Math.max(0, (pitchH - rowH * rows.size()) / 2);
        double lanesTop = y0 + RULER_H + pitchH;

        // rows and the keyboard strip: every name where the row is tall enough, else the Cs and the notes played
        Set<Integer> played = new java.util.HashSet<>();
        model.notes().stream().filter(n -> n.part().pitched()).forEach(n -> played.add(n.pitch()));
        double lastNameY = Double.NEGATIVE_INFINITY;
        int blackIndex = 0;
        for (int i = 0; i < rows.size(); i++) {
            int p = rows.get(i);
            double y = pitchTop + i * rowH;
            Rectangle stripe = rowStripes.get(i);
            stripe.setX(gridX);
            stripe.setY(y);
            stripe.setWidth(gridW);
            stripe.setHeight(rowH);
            Rectangle key = keyShapes.get(i);
            key.setX(x0);
            key.setY(y);
            key.setWidth(KEYS_W - 1);
            key.setHeight(rowH);
            if (RollModel.isBlackKey(p)) {
                Rectangle black = blackKeys.get(blackIndex++);
                black.setX(x0);
                black.setY(y + rowH * 0.1);
                black.setWidth(KEYS_W * 0.45);
                black.setHeight(rowH * 0.8);
            }
            Text name = keyNames.get(i);
            var nb = name.getLayoutBounds();
            double ny = y + rowH / 2 - nb.getHeight() / 2;
            boolean room = ny >= lastNameY + nb.getHeight() - 1;
            boolean want = rowH >= nb.getHeight() - 1 || p % 12 == 0 || played.contains(p);
            name.setVisible(room && want);
            if (name.isVisible()) {
                name.relocate(x0 + KEYS_W - nb.getWidth() - 2, ny);
                lastNameY = ny;
            }
        }
        for (int i = 0; i < lanes.size(); i++) {
            double y = lanesTop + i * laneH;
            Text name = laneNames.get(i);
            var nb = name.getLayoutBounds();
            name.relocate(x0 + 2, y + laneH / 2 - nb.getHeight() / 2);
            Line l = laneLines.get(i);
            l.setStartX(x0);
            l.setEndX(gridX + gridW);
            l.setStartY(snap(y));
            l.setEndY(snap(y));
        }
        for (int b = 0; b < gridLines.size(); b++) {
            Line l = gridLines.get(b);
            double x = snap(gridX + b * model.pulseBeats() * ppb);
            l.setStartX(x);
            l.setEndX(x);
            l.setStartY(y0 + (b % model.pulsesPerBar() == 0 ? 0 : RULER_H));
            l.setEndY(y0 + h);
        }
        for (int bar = 0; bar < barNumbers.size(); bar++) {
            Text t = barNumbers.get(bar);
            t.relocate(gridX + bar * model.beatsPerBar() * ppb + 3, y0);
        }
        pastEnd.setX(gridX + gridW);
        pastEnd.setY(y0);
        pastEnd.setWidth(Math.max(0, x0 + w - gridX - gridW));
        pastEnd.setHeight(h);
        for (int i = 0; i < noteShapes.size(); i++) {
            RollModel.RollNote n = model.notes().get(i);
            Rectangle r = noteShapes.get(i);
            double x = gridX + n.start() * ppb;
            r.setX(x + 0.5);
            r.setWidth(Math.max(2, n.duration() * ppb - 1));
            if (n.part().pitched()) {
                int row = rows.indexOf(n.pitch());
                r.setY(pitchTop + row * rowH);
                r.setHeight(Math.max(2, rowH));
                r.setArcWidth(3);
                r.setArcHeight(3);
            } else {
                int lane = lanes.indexOf(n.pitch());
                r.setY(lanesTop + lane * laneH + laneH * 0.15);
                r.setHeight(Math.max(2, laneH * 0.7));
            }
        }
        double cb = cursorBeat.get();
        cursor.setVisible(cb >= 0);
        double cx = gridX + Math.max(0, cb) * ppb;
        cursor.setStartX(cx);
        cursor.setEndX(cx);
        cursor.setStartY(y0);
        cursor.setEndY(y0 + h);
    }

    /** Half-pixel lines stay one device pixel wide instead of two blurred ones. */
    private double snap(double x) {
        return Math.floor(x) + 0.5;
    }

    /** Number of melody (pitched) note shapes and drum hit shapes drawn (for tests). */
    int[] shapeCounts() {
        int pitched = (int) model.notes().stream().filter(n -> n.part().pitched()).count();
        return new int[] {pitched, model.notes().size() - pitched};
    }

    /** The names shown in the keyboard strip and the drum lanes, top to bottom (for tests). */
    List<String> shownNames() {
        List<String> out = new ArrayList<>();
        keyNames.stream().filter(Node::isVisible).forEach(t -> out.add(t.getText()));
        laneNames.forEach(t -> out.add(t.getText()));
        return out;
    }

    /** The bar numbers on the ruler (for tests). */
    List<String> barNumbers() {
        return barNumbers.stream().map(Text::getText).toList();
    }
}
