package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.preset.PresetException;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener on its injectable clock (issue 17): debounce and rest are measured on a clock the test moves; the test
 * waits for events and for the listener to be idle, never for a fixed time.
 */
class ControllerListenerTest {
    @TempDir
    Path dir;

    /** The listener's clock: starts at 1 s and moves only when the test says. */
    private final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);

    private ControllerListener listener(ControllerMapping m, Recorder r) {
        return new ControllerListener(m, r, now::get);
    }

    private void advanceMs(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /** Every event the listener had to deliver is delivered, and it has nothing pending. */
    static void idle(ControllerListener l) throws InterruptedException {
        assertThat(l.awaitIdle(TimeUnit.SECONDS.toNanos(5))).as("the listener became idle").isTrue();
    }

    static final class Recorder implements ControllerListener.Events {
        final List<RatingGesture> ratings = new CopyOnWriteArrayList<>();
        final List<Control> buttons = new CopyOnWriteArrayList<>();
        final List<Double> exploration = new CopyOnWriteArrayList<>();

        @Override
        public void rating(RatingGesture g) {
            ratings.add(g);
        }

        @Override
        public void button(Control b, long at) {
            buttons.add(b);
        }

        @Override
        public void exploration(double v, long at) {
            exploration.add(v);
        }
    }

    static ControllerMapping mapping(int restMs) {
        return new ControllerMapping("test", "", Map.of(
                Control.OVERALL, ControlBinding.cc(1, 16), Control.MUSICALITY, ControlBinding.cc(1, 17),
                Control.EXPLORATION, ControlBinding.cc(1, 23), Control.RATE, ControlBinding.cc(1, 41),
                Control.NEXT, ControlBinding.note(2, 36)), restMs);
    }

    static void cc(ControllerListener l, int cc, int value) {
        l.receive(Midi.CONTROL_CHANGE, cc, value, 0); // the listener reads its own clock
    }

    /** Waits for an event the listener delivers (on its thread): each delivery is followed by a check. */
    static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a condition polled, not a fixed wait
        }
        assertThat(done.getAsBoolean()).as("the awaited event came").isTrue();
    }

    @Test
    void ccToRatingIsTheDocumentedRule() {
        int[] counts = new int[11];
        for (int v = 0; v <= 127; v++) {
            int r = ControllerMapping.rating(v);
            assertThat(r).isEqualTo(1 + (int) Math.floor(v * 10 / 128.0));
            counts[r]++;
        }
        assertThat(ControllerMapping.rating(0)).isEqualTo(1);
        assertThat(ControllerMapping.rating(12)).isEqualTo(1);
        assertThat(ControllerMapping.rating(13)).isEqualTo(2);
        assertThat(ControllerMapping.rating(115)).isEqualTo(9);
        assertThat(ControllerMapping.rating(116)).isEqualTo(10);
        assertThat(ControllerMapping.rating(127)).isEqualTo(10);
        for (int r = 1; r <= 10; r++) {
            assertThat(counts[r]).isBetween(12, 13);
            assertThat(ControllerMapping.rating(ControllerMapping.ccOf(r))).isEqualTo(r);
        }
        assertThatThrownBy(() -> ControllerMapping.rating(128)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyBuiltInMappingLoadsAndRoundTrips() throws Exception {
        Presets p = Presets.builtInOnly();
        assertThat(p.names("controllers")).hasSizeGreaterThanOrEqualTo(2);
        for (String name : p.names("controllers")) {
            ControllerMapping m = ControllerMapping.from(p.load(org.hitlmidi.midi.ControllerConfig.KIND, name));
            assertThat(m.name()).isEqualTo(name);
            assertThat(m.controls()).containsKey(Control.OVERALL);
            assertThat(m.clash()).isEmpty();
            Path saved = m.save(dir);
            ControllerMapping back = ControllerMapping.from(new Presets(Optional.empty()).load(org.hitlmidi.midi.ControllerConfig.KIND, saved.toString()));
            assertThat(back).isEqualTo(m);
        }
    }

    @Test
    void aMappingWithTwoControlsOnOneCcIsRefused() throws Exception {
        Path f = dir.resolve("clash.json");
        java.nio.file.Files.writeString(f, "{\"name\":\"clash\",\"channel\":1,\"controls\":{\"overall\":{\"cc\":7},"
                + "\"next\":{\"cc\":7}}}");
        assertThatThrownBy(() -> ControllerMapping.from(Presets.builtInOnly().load(org.hitlmidi.midi.ControllerConfig.KIND, f.toString())))
                .isInstanceOf(PresetException.class).hasMessageContaining("clash.json").hasMessageContaining("cc 7");
    }

    @Test
    void aKnobAtRestCommitsOneRatingWithTheSubRatingsKnown() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = listener(mapping(100), r)) {
            cc(l, 17, 64);          // musicality 6
            for (int v = 40; v <= 100; v += 5) {
                cc(l, 16, v);       // overall ends on 100 -> 8
            }
            advanceMs(101);                               // the knob rests
            await(() -> !r.ratings.isEmpty());
            idle(l);
            assertThat(r.ratings).hasSize(1);
            RatingGesture g = r.ratings.get(0);
            assertThat(g.overall()).isEqualTo(8);
            assertThat(g.musicality()).hasValue(6);
            assertThat(g.novelty()).isEmpty();
            assertThat(g.byButton()).isFalse();
        }
    }

    @Test
    void theRateButtonCommitsOncePerPress() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = listener(mapping(0), r)) {
            cc(l, 16, 127);
            cc(l, 41, 127);
            cc(l, 41, 127);         // still held: not a new press
            cc(l, 41, 100);
            await(() -> !r.ratings.isEmpty());
            advanceMs(200);         // past the debounce
            cc(l, 41, 0);
            cc(l, 41, 127);         // a second press
            await(() -> r.ratings.size() >= 2);
            l.receive(Midi.NOTE_ON | 1, 36, 90, 0); // next: a pad on channel 2
            l.receive(Midi.NOTE_ON | 0, 36, 90, 0); // the same note on channel 1: not mapped
            await(() -> r.buttons.contains(Control.NEXT));
            idle(l);
            assertThat(r.ratings).extracting(RatingGesture::overall).containsExactly(10, 10);
            assertThat(r.ratings).allMatch(RatingGesture::byButton);
            assertThat(r.buttons).containsExactly(Control.RATE, Control.RATE, Control.NEXT);
            assertThat(l.ignored()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void pickupIgnoresAStaleKnobUntilItReachesTheHeldValue() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = listener(mapping(0), r)) {
            cc(l, 16, 110);                              // the knob sits at 9
            l.holdRating(Control.OVERALL, 3);             // the device now holds 3 (a panel rating, a new track)
            cc(l, 16, 115);
            cc(l, 16, 120);                               // nudged, still far from 3: does not count
            cc(l, 41, 127);
            idle(l);
            advanceMs(200);                               // past the button's debounce
            assertThat(r.ratings).isEmpty();
            assertThat(r.buttons).containsExactly(Control.RATE);
            cc(l, 41, 0);
            cc(l, 16, 60);
            cc(l, 16, 20);                                // passed through 3's band on the way down: it counts
            cc(l, 41, 127);
            await(() -> !r.ratings.isEmpty());
            assertThat(r.ratings).extracting(RatingGesture::overall).containsExactly(2);
        }
    }

    @Test
    void aKnobLeftFromTheLastTrackRatesTheNewOneOnlyAfterItMoves() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = listener(mapping(0), r)) {
            cc(l, 16, 100);                               // 8 for the first track
            cc(l, 17, 30);                                // musicality 3
            cc(l, 41, 127);
            await(() -> !r.ratings.isEmpty());
            l.newTrack();                                 // the device plays the next track
            advanceMs(200);                               // past the button's debounce
            cc(l, 41, 0);
            cc(l, 41, 127);                               // rate again without touching a knob: no rating
            await(() -> r.buttons.size() >= 2);
            idle(l);
            assertThat(r.ratings).hasSize(1);
            cc(l, 16, 101);                               // the overall knob moves (same band): it counts again
            advanceMs(200);
            cc(l, 41, 0);
            cc(l, 41, 127);
            await(() -> r.ratings.size() >= 2);
            assertThat(r.ratings).extracting(RatingGesture::overall).containsExactly(8, 8);
            assertThat(r.ratings.get(0).musicality()).hasValue(3);
            assertThat(r.ratings.get(1).musicality()).as("the untouched musicality knob is not this track's").isEmpty();
        }
    }

    @Test
    void aNewTrackDropsAPendingRestCommit() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = listener(mapping(150), r)) {
            cc(l, 16, 70);
            l.newTrack();                                 // a rating from elsewhere moved the session on
            advanceMs(600);
            idle(l);                                      // the rest check that was pending has run
            assertThat(r.ratings).as("the knob turned for the old track rates nothing").isEmpty();
            cc(l, 16, 72);
            advanceMs(151);
            await(() -> !r.ratings.isEmpty());
            assertThat(r.ratings).extracting(RatingGesture::overall).containsExactly(6);
        }
    }

    @Test
    void midiLearnBindsTheNextControlAndSavesAValidPreset() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = listener(mapping(0), r)) {
            CompletableFuture<ControlBinding> f = l.learn(Control.UNDO);
            l.receive(Midi.CONTROL_CHANGE | 3, 99, 127, 0);
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(ControlBinding.cc(4, 99));
            assertThat(l.mapping().controls()).containsEntry(Control.UNDO, ControlBinding.cc(4, 99));
            CompletableFuture<ControlBinding> g = l.learn(Control.KEEP);
            l.receive(Midi.CONTROL_CHANGE, 16, 1, 0); // overall's CC: moves to keep
            assertThat(g.get(5, TimeUnit.SECONDS)).isEqualTo(ControlBinding.cc(1, 16));
            assertThat(l.mapping().controls()).doesNotContainKey(Control.OVERALL);
            Path saved = l.mapping().withName("mine").save(dir.resolve("presets/controllers"));
            ControllerMapping back = ControllerMapping.from(new Presets(Optional.of(dir)).load(org.hitlmidi.midi.ControllerConfig.KIND, "mine"));
            assertThat(back.controls()).isEqualTo(l.mapping().controls());
            assertThat(saved.getFileName().toString()).isEqualTo("mine.json");
            l.receive(Midi.CONTROL_CHANGE | 3, 99, 127, 0);
            await(() -> r.buttons.contains(Control.UNDO));
            assertThat(r.buttons).containsExactly(Control.UNDO);
        }
    }

    @Test
    void aStormYieldsOnlyDebouncedRatingsAndPresses() throws Exception {
        Recorder r = new Recorder();
        SplittableRandom rng = new SplittableRandom(5);
        try (ControllerListener l = listener(mapping(200), r)) {
            long start = now.get();
            int sent = 0;
            // 10,000 messages a second for 2 s on the listener's clock: the overall knob wiggling, the rate button
            // chattering, exploration
            while (now.get() - start < TimeUnit.SECONDS.toNanos(2)) {
                for (int k = 0; k < 100; k++) {
                    int which = rng.nextInt(10);
                    if (which < 6) {
                        cc(l, 16, 100 + rng.nextInt(20));
                    } else if (which < 9) {
                        cc(l, 23, rng.nextInt(128));
                    } else {
                        cc(l, 41, rng.nextBoolean() ? 127 : 0);
                    }
                    sent++;
                }
                advanceMs(10);
            }
            long seconds = Math.max(1, (now.get() - start) / 1_000_000_000L + 1);
            advanceMs(201);                               // the knob rests after the storm
            await(() -> r.ratings.stream().anyMatch(g -> !g.byButton()));
            idle(l);
            long byButton = r.ratings.stream().filter(RatingGesture::byButton).count();
            long byRest = r.ratings.size() - byButton;
            assertThat(sent).isGreaterThan(10_000);
            assertThat(byRest).as("the knob never rested during the storm, then once").isEqualTo(1);
            assertThat(byButton).isLessThanOrEqualTo(seconds * 1_000_000_000L / ControllerListener.BUTTON_DEBOUNCE_NANOS + 1);
            assertThat(r.exploration.size()).isLessThanOrEqualTo((int) (seconds * 1_000_000_000L
                    / ControllerListener.REPORT_EVERY_NANOS + 1));
            assertThat(r.exploration).allMatch(v -> v >= 0 && v <= 1);
        }
    }
}
