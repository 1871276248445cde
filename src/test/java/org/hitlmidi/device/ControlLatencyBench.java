package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.ControlServer;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.control.Request;
import org.hitlmidi.midi.Control;
import org.hitlmidi.midi.ControlLatency;
import org.hitlmidi.midi.ControllerListener;
import org.hitlmidi.midi.JackProbeClient;
import org.hitlmidi.music.Scale;

/**
 * {@code bench timing}'s {@code controlToNote}: a control change -> the first note that reflects it, through the
 * whole device on a real JACK server. A sending client moves a DAW automation lane (channel 16, no pickup, so every
 * move counts) at a period's first frame, at a random moment of the playing loop's bar; the device hears it,
 * changes (quantized to the bar, or at once) and the player switches; a reading client's frames give the switch
 * and the first note after it ({@link ControlLatency}). Two changes: tempo 120 <-> 124 BPM (feel: the same track
 * goes on) and scale minor <-> major (material: a new track), each with quantize {@code bar} and {@code off}.
 * Figures, not pass/fail; {@code missed} counts changes whose switch or first note did not come within 10 s.
 */
public final class ControlLatencyBench {
    private static final int DAW = 0xB0 | (ControllerListener.DAW_CHANNEL - 1);

    private ControlLatencyBench() {
    }

    /** The DAW lane of a control (CC number on channel 16). */
    static int lane(Control c) {
        return ControllerListener.DAW_CCS.entrySet().stream().filter(e -> e.getValue() == c).findFirst()
                .orElseThrow().getKey();
    }

    /**
     * Runs {@code trials} changes of each kind with each quantize mode on {@code d} (its port's output read by
     * {@code reader}, its input fed by {@code sender}), then sets quantize back to bar and stops playing.
     */
    public static ObjectNode run(Device d, JackProbeClient reader, JackProbeClient sender, int trials, long seed)
            throws Exception {
        int rate = sender.sampleRate();
        SplittableRandom rng = new SplittableRandom(seed);
        // a style with no timing humanize, a loop of 4 bars at 120 BPM
        d.params(Protocol.nodes().objectNode().put("style", "minimal-techno").put("tempo", 120).put("loop", true)
                .put("scale", "minor"));
        int from = reader.count();
        d.play();
        await("the loop's first note", () -> hasNoteOn(reader, from));
        ObjectNode o = Protocol.nodes().objectNode();
        o.put("path", "DAW lane CC (channel 16) in -> controller listener (30 ms report) -> change -> player switch "
                + "(its programs on the line) -> first note-on out");
        o.put("trialsEach", trials);
        double[] tempo = {120};
        List<String> why = new ArrayList<>();
        boolean[] minor = {true};
        for (String mode : List.of("bar", "off")) {
            d.handle(new Request(null, "quantize", Protocol.nodes().objectNode().put("mode", mode)), NO_CALLER);
            ObjectNode m = o.putObject("quantize_" + mode);
            List<ControlLatency.Result> feel = new ArrayList<>();
            List<Double> feelBars = new ArrayList<>();
            List<ControlLatency.Result> material = new ArrayList<>();
            List<Double> materialBars = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                // each change from the state in force (a control lost on the way leaves the next one a change still)
                double now = d.status().path("params").path("tempo").asDouble();
                double bar = barFrames(d, rate, now);
                tempo[0] = now == 120 ? 124 : 120;
                once(reader, sender, rng, bar, rate, lane(Control.TEMPO), (int) tempo[0] - (int) LiveControls.MIN_TEMPO, why,
                        () -> d.status().path("params").path("tempo").asDouble() == tempo[0])
                        .ifPresent(r -> {
                            feel.add(r);
                            feelBars.add(bar);
                        });
                double bar2 = barFrames(d, rate, d.status().path("params").path("tempo").asDouble());
                minor[0] = !d.status().path("params").path("scale").asText().equals("minor");
                Scale s = minor[0] ? Scale.MINOR : Scale.MAJOR;
                once(reader, sender, rng, bar2, rate, lane(Control.SCALE),
                        LiveControls.middle(s.ordinal(), Scale.values().length), why,
                        () -> d.status().path("params").path("scale").asText().equals(s.id())).ifPresent(r -> {
                            material.add(r);
                            materialBars.add(bar2);
                        });
            }
            ObjectNode f = ControlLatency.summary(feel, feelBars, rate);
            f.put("missed", trials - feel.size());
            f.put("change", "tempo 120 <-> 124 BPM (feel: the same track from the same place)");
            m.set("feel", f);
            ObjectNode mt = ControlLatency.summary(material, materialBars, rate);
            mt.put("missed", trials - material.size());
            mt.put("change", "scale minor <-> major (material: a new track from its top)");
            m.set("material", mt);
        }
        if (!why.isEmpty()) {
            o.set("missedWhy", Protocol.nodes().arrayNode().addAll(why.stream().map(Protocol.nodes()::textNode).toList()));
        }
        d.handle(new Request(null, "quantize", Protocol.nodes().objectNode().put("mode", "bar")), NO_CALLER);
        d.stopPlaying();
        return o;
    }

    /** Frames of a bar at {@code bpm} in the meter in force. */
    private static double barFrames(Device d, int rate, double bpm) {
        String meter = d.status().path("params").path("meter").asText("4/4");
        double beats = switch (meter) {
            case "3/4" -> 3;
            case "6/8" -> 3;
            default -> 4;
        };
        return rate * 60.0 / bpm * beats;
    }

    /**
     * Waits a random part of a bar, sends the lane's CC at a period's first frame and waits for the switch and
     * the first note after it; empty when they did not come within 10 s.
     */
    private static Optional<ControlLatency.Result> once(JackProbeClient reader, JackProbeClient sender,
                                                       SplittableRandom rng, double barFrames, int rate, int cc,
                                                       int value, List<String> why,
                                                       java.util.function.BooleanSupplier applied)
            throws InterruptedException {
        // pacing on purpose: the control comes at a random moment of the bar (the figure is over all phases)
        Thread.sleep((long) (rng.nextDouble() * barFrames * 1000 / rate));
        int from = reader.count();
        sender.sendNextPeriod(DAW, cc, value);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> sender.sentFrame() >= 0);
        long sent = sender.sentFrame();
        if (sent < 0) {
            why.add("the control did not leave");
            return Optional.empty();
        }
        ControlLatency.Events ev = ControlLatency.of(reader);
        List<ControlLatency.Result> found = new java.util.ArrayList<>(1);
        if (org.hitlmidi.Await.within(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), () -> {
            ControlLatency.find(ev, from, sent).ifPresent(found::add);
            return !found.isEmpty();
        })) {
            return Optional.of(found.get(0));
        }
        boolean line = false;
        for (int i = from; i < reader.count(); i++) {
            line |= (reader.status(i) & 0xF0) == 0xC0 && reader.frame(i) - sent >= 0;
        }
        why.add(line ? "no note after the switch" : !applied.getAsBoolean()
                ? "the device did not take the control (it holds another value)"
                : "taken, but no switch heard (" + (reader.count() - from) + " messages read)");
        return Optional.empty();
    }

    private static boolean hasNoteOn(JackProbeClient r, int from) {
        for (int i = from; i < r.count(); i++) {
            if ((r.status(i) & 0xF0) == 0x90 && r.data2(i) > 0) {
                return true;
            }
        }
        return false;
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        if (!org.hitlmidi.Await.within(java.time.Duration.ofSeconds(30), done::getAsBoolean)) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    private static final ControlServer.Caller NO_CALLER = new ControlServer.Caller() {
        @Override
        public void subscribe(Set<String> events) {
        }

        @Override
        public void afterReply(Runnable action) {
            action.run();
        }
    };
}
