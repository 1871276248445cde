package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live controls on the listener: pickup (soft takeover), the second layer, the DAW's lanes, program changes. */
class LiveControlsListenerTest {
    record Move(Control control, int value) {
    }

    static final class Recorder implements ControllerListener.Events {
        final List<Move> moves = new CopyOnWriteArrayList<>();
        final List<Control> buttons = new CopyOnWriteArrayList<>();
        final List<String> sets = new CopyOnWriteArrayList<>();
        final List<Integer> programs = new CopyOnWriteArrayList<>();
        final List<Integer> layers = new CopyOnWriteArrayList<>();

        @Override
        public void knobs(Map<Control, Integer> values, long at) {
            values.forEach((c, v) -> moves.add(new Move(c, v)));
        }

        @Override
        public void button(Control b, long at) {
            buttons.add(b);
        }

        @Override
        public void set(Control c, boolean on, long at) {
            sets.add(c.key() + "=" + on);
        }

        @Override
        public void program(int p, long at) {
            programs.add(p);
        }

        @Override
        public void layer(int layer, long at) {
            layers.add(layer);
        }

        List<Integer> of(Control c) {
            return moves.stream().filter(m -> m.control() == c).map(Move::value).toList();
        }
    }

    private static final ControllerMapping TWO_LAYERS = new ControllerMapping("t", "", Map.of(
            Control.TEMPO, ControlBinding.cc(1, 7), Control.STYLE_1, ControlBinding.cc(1, 32),
            Control.LAYER, ControlBinding.cc(1, 46), Control.DENSITY, ControlBinding.cc(1, 20)),
            Map.of(Control.SCENE_1, ControlBinding.cc(1, 32), Control.SWING, ControlBinding.cc(1, 7)), 0);

    static void cc(ControllerListener l, int channel, int cc, int value) {
        l.receive(Midi.CONTROL_CHANGE | (channel - 1), cc, value, System.nanoTime());
    }

    static void press(ControllerListener l, int cc) throws InterruptedException {
        cc(l, 1, cc, 127);
        cc(l, 1, cc, 0);
        Thread.sleep(ControllerListener.BUTTON_DEBOUNCE_NANOS / 1_000_000 + 20);
    }

    /** Waits until the listener's worker has reported everything sent so far (a report is due within 30 ms). */
    static void settle(ControllerListener l) throws Exception {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        // the worker runs reports in order: one scheduled after the pending one runs after it
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor().schedule(done::countDown,
                3 * ControllerListener.REPORT_EVERY_NANOS, TimeUnit.NANOSECONDS);
        done.await(5, TimeUnit.SECONDS);
    }

    static void await(java.util.function.BooleanSupplier ok) throws InterruptedException {
        org.hitlmidi.Await.until(java.time.Duration.ofSeconds(5), "the listener's report", ok::getAsBoolean);
    }

    @Test
    void aKnobFarFromTheHeldValueDoesNothingUntilItCrossesIt() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = new ControllerListener(TWO_LAYERS, r)) {
            cc(l, 1, 7, 120);                  // the fader sits high
            l.hold(Control.TEMPO, 30);          // the device plays at 90 BPM (CC 30)
            for (int v : new int[] {121, 125, 110, 90, 60, 40, 33}) {
                cc(l, 1, 7, v);                 // moved, but never across 30
                settle(l);
            }
            assertThat(r.of(Control.TEMPO)).as("nothing before the knob reached the held value").isEmpty();
            cc(l, 1, 7, 27);                    // 33 -> 27 crosses 30: picked up
            await(() -> !r.of(Control.TEMPO).isEmpty());
            assertThat(r.of(Control.TEMPO)).containsExactly(27);
            cc(l, 1, 7, 64);                    // and from then on it counts
            await(() -> r.of(Control.TEMPO).contains(64));
        }
    }

    @Test
    void theDeviceTakingTheKnobsOwnValueLateDoesNotUnpickIt() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = new ControllerListener(TWO_LAYERS, r)) {
            cc(l, 1, 7, 40);
            await(() -> r.of(Control.TEMPO).contains(40));
            cc(l, 1, 7, 60);                    // the knob moves on while the device applies 40
            l.hold(Control.TEMPO, 40);          // the device now holds what the knob reported
            cc(l, 1, 7, 70);
            await(() -> r.of(Control.TEMPO).contains(70));
        }
    }

    @Test
    void aBandedKnobSweepingOnIsNotStoppedByTheDeviceTakingItsBand() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = new ControllerListener(TWO_LAYERS, r)) {
            cc(l, 1, 20, 0);
            await(() -> r.of(Control.DENSITY).contains(0));
            cc(l, 1, 20, 48);                   // on into band 1 while the device applies density 0
            l.hold(Control.DENSITY, 16, 4);     // it holds density 0: the middle of band 0, not the 0 sent
            cc(l, 1, 20, 80);
            await(() -> r.of(Control.DENSITY).contains(80));
        }
    }

    @Test
    void bandedKnobsPickUpInTheHeldBand() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = new ControllerListener(TWO_LAYERS, r)) {
            cc(l, 1, 20, 127);                  // density knob at 3
            l.hold(Control.DENSITY, 48, 4);     // the device holds density 1 (band 32..63)
            cc(l, 1, 20, 100);                  // band 3: nothing
            settle(l);
            assertThat(r.of(Control.DENSITY)).isEmpty();
            cc(l, 1, 20, 62);                   // into band 1 without crossing 48: picked up
            await(() -> r.of(Control.DENSITY).contains(62));
        }
    }

    @Test
    void theLayerButtonGivesTheSameControlsOtherJobsAndTheyArePickedUpAgain() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = new ControllerListener(TWO_LAYERS, r)) {
            press(l, 32);                       // layer 1: style pad 1
            press(l, 46);                       // to layer 2
            await(() -> r.layers.contains(2));
            assertThat(l.layer()).isEqualTo(2);
            press(l, 32);                       // layer 2: scene 1
            cc(l, 1, 7, 100);                   // layer 2: swing (nothing held: counts at once)
            await(() -> r.of(Control.SWING).contains(100));
            l.hold(Control.TEMPO, 30);
            press(l, 46);                       // back to layer 1: the fader at 100 is not at the tempo
            await(() -> r.layers.contains(1));
            cc(l, 1, 7, 101);
            settle(l);
            assertThat(r.of(Control.TEMPO)).as("the fader left at swing's value must pick the tempo up").isEmpty();
            cc(l, 1, 7, 20);                    // across 30
            await(() -> r.of(Control.TEMPO).contains(20));
            assertThat(r.buttons).containsExactly(Control.STYLE_1, Control.LAYER, Control.SCENE_1, Control.LAYER);
        }
    }

    @Test
    void midiLearnBindsALiveControlInTheLayerInForce() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = new ControllerListener(TWO_LAYERS, r)) {
            assertThat(l.learn(Control.LEVEL_BASS).isDone()).isFalse();
            cc(l, 1, 9, 50);                    // a fader nothing had: now the bass level, in layer 1
            await(() -> l.mapping().controls().containsKey(Control.LEVEL_BASS));
            assertThat(l.mapping().controls().get(Control.LEVEL_BASS)).isEqualTo(ControlBinding.cc(1, 9));
            press(l, 46);                       // layer 2
            var f = l.learn(Control.SCENE_5);
            cc(l, 1, 9, 127);                   // the same fader's CC, learned in layer 2 as scene 5
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(ControlBinding.cc(1, 9));
            assertThat(l.mapping().layer2().get(Control.SCENE_5)).isEqualTo(ControlBinding.cc(1, 9));
            assertThat(l.mapping().controls().get(Control.LEVEL_BASS)).as("layer 1 keeps it").isEqualTo(ControlBinding.cc(1, 9));
            assertThat(l.mapping().clash()).isEmpty();
            press(l, 46);                       // back in layer 1 the fader is the bass level again
            cc(l, 1, 9, 60);
            await(() -> r.of(Control.LEVEL_BASS).contains(60));
        }
    }

    @Test
    void theDawsLanesOnChannel16SetControlsWithoutPickupAndProgramChangesArrive() throws Exception {
        Recorder r = new Recorder();
        try (ControllerListener l = new ControllerListener(TWO_LAYERS, r)) {
            l.hold(Control.TEMPO, 30);
            cc(l, 16, 20, 100);                 // lane CC 20: tempo, absolute
            await(() -> r.of(Control.TEMPO).contains(100));
            cc(l, 1, 7, 90);                    // the hardware fader, far from 100: must pick up again
            cc(l, 1, 7, 95);
            settle(l);
            assertThat(r.of(Control.TEMPO)).containsExactly(100);
            cc(l, 16, 34, 127);                 // lane CC 34: melody muted
            cc(l, 16, 34, 127);                 // the same value again: no change
            await(() -> r.sets.size() == 1);
            cc(l, 16, 34, 0);
            await(() -> r.sets.size() == 2);
            assertThat(r.sets).containsExactly("mute_melody=true", "mute_melody=false");
            cc(l, 16, 39, 127);                 // lane CC 39: variation, a press
            await(() -> r.buttons.contains(Control.VARIATION));
            for (int p = 0; p < 50; p++) {      // a burst of program changes: the last one is what counts
                l.receive(Midi.PROGRAM_CHANGE | 3, p, 0, System.nanoTime());
            }
            await(() -> r.programs.contains(49));
            settle(l);
            assertThat(r.programs.size()).isLessThanOrEqualTo(3);
            assertThat(r.programs.get(r.programs.size() - 1)).isEqualTo(49);
        }
    }
}
