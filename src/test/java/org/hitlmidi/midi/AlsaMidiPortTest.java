package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.Test;

/**
 * The ALSA backend's logic against a fake of its native seam (this machine, like CI, has no ALSA kernel sequencer):
 * what it would create, send and schedule, and how it reads input.
 */
class AlsaMidiPortTest {
    /** Records calls; its queue clock runs with nanoTime from when the queue started. */
    static final class FakeSeq implements AlsaSeq {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<long[]> sent = new CopyOnWriteArrayList<>(); // port, queue, nanos, type, channel, param, value
        final ArrayDeque<SeqEvent> input = new ArrayDeque<>();
        long queueStart;
        volatile long skew; // added to the queue clock: a reading that lands later than nanoTime says
        boolean closed;

        @Override
        public void open(String clientName) {
            calls.add("open " + clientName);
        }

        @Override
        public int clientId() {
            return 128;
        }

        @Override
        public int createPort(String name, boolean readable, boolean writable) {
            calls.add("port " + name + (readable ? " readable" : "") + (writable ? " writable" : ""));
            return name.equals("out") ? 0 : 1;
        }

        @Override
        public int startQueue(String name) {
            calls.add("queue " + name);
            queueStart = System.nanoTime();
            return 3;
        }

        @Override
        public long queueNanos(int queue) {
            return System.nanoTime() - queueStart + skew;
        }

        @Override
        public void send(int port, int queue, long nanos, SeqEvent ev) {
            sent.add(new long[] {port, queue, nanos, ev.type(), ev.channel(), ev.param(), ev.value()});
        }

        @Override
        public synchronized SeqEvent poll() {
            return input.poll();
        }

        synchronized void arrive(SeqEvent ev) {
            input.add(ev);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void everyShortMessageRoundTripsThroughSequencerEvents() {
        SplittableRandom rng = new SplittableRandom(42);
        int[] statuses = {0x80, 0x90, 0xA0, 0xB0, 0xC0, 0xD0, 0xE0};
        for (int k = 0; k < 5000; k++) {
            int st = statuses[rng.nextInt(statuses.length)] | rng.nextInt(16);
            int d1 = rng.nextInt(128);
            int d2 = Midi.length(st) == 3 ? rng.nextInt(128) : 0;
            int[] back = SeqEvent.of(st, d1, d2).toMessage();
            assertThat(back).containsExactly(st, d1, d2);
        }
        for (int st : new int[] {Midi.CLOCK, Midi.START, Midi.CONTINUE, Midi.STOP}) {
            assertThat(SeqEvent.of(st, 0, 0).toMessage()).containsExactly(st, 0, 0);
        }
        assertThat(SeqEvent.of(Midi.SONG_POSITION, 0x10, 0x01).toMessage()).containsExactly(Midi.SONG_POSITION, 0x10, 0x01);
        assertThat(SeqEvent.of(Midi.PITCH_BEND, 0, 64).value()).isZero(); // the center
        assertThat(SeqEvent.of(0xF0, 0, 0)).isNull();
    }

    @Test
    void createsOurClientAndPortsAndSchedulesEachEventOnTheQueue() throws Exception {
        FakeSeq seq = new FakeSeq();
        Track t = new Track(List.of(new Note(60, 0.5), new Note(62, 0.25)), List.of(new DrumHit(0, 36, 90)), 120);
        TrackEvents ideal = TrackEvents.of(t, new MidiFiles.Voice(3, 5, "x"), -1, true);
        try (AlsaMidiPort port = new AlsaMidiPort(seq, "hitl-midi"); Player player = new Player(port)) {
            assertThat(port.address()).isEqualTo("128:0");
            assertThat(seq.calls).containsExactly("open hitl-midi", "port out readable", "port in writable",
                    "queue hitl-midi");
            long start = port.nowNanos() + 100_000_000;
            player.play(1, t, new MidiFiles.Voice(3, 5, "x"), -1, false, start);
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(5), () -> !player.isPlaying());
            assertThat(seq.sent).hasSize(ideal.size());
            long first = seq.sent.get(0)[2];
            for (int i = 0; i < ideal.size(); i++) {
                long[] s = seq.sent.get(i);
                assertThat(s[0]).as("from our out port").isZero();
                assertThat(s[1]).as("on our queue").isEqualTo(3);
                // scheduled at the exact offset: the kernel queue, not a thread of ours, keeps the time
                assertThat(s[2] - first).isEqualTo(ideal.offsets[i]);
                int[] m = new SeqEvent((int) s[3], (int) s[4], (int) s[5], (int) s[6]).toMessage();
                assertThat(m).containsExactly(ideal.status[i], ideal.data1[i], ideal.data2[i] & (Midi.length(ideal.status[i]) == 3 ? 0x7F : 0));
            }
            // the queue time of the start is the port time minus the measured offset: within a millisecond here
            assertThat(Math.abs(first - (start - seq.queueStart))).isLessThan(1_000_000);
        }
        assertThat(seq.closed).isTrue();
        long panics = seq.sent.stream().filter(s -> s[3] == SeqEvent.CONTROLLER && (s[5] == 123 || s[5] == 120)).count();
        assertThat(panics).as("close sends all-notes-off and all-sound-off on 16 channels").isGreaterThanOrEqualTo(32);
    }

    /**
     * Seen on a slow VM: two events of one track 250 ms apart were scheduled 250,000,035 ns apart, since the
     * offset was re-measured between them and each reading has its own jitter. A queue time must follow from the
     * schedule alone; only a drift beyond {@link AlsaMidiPort#DRIFT_NANOS} moves it.
     */
    @Test
    void queueTimesFollowTheScheduleExactlyWhateverTheReadingsJitter() throws Exception {
        FakeSeq seq = new FakeSeq();
        try (AlsaMidiPort port = new AlsaMidiPort(seq, "hitl-midi")) {
            long start = port.nowNanos() + 100_000_000;
            long first = port.queueTimeOf(start);
            for (long jitter : new long[] {35, -35, 40_000, -900_000, 7}) {
                seq.skew = jitter; // the queue clock read a little late (or early) this time
                port.resync();
                assertThat(port.queueTimeOf(start + 250_000_000) - first).as("jitter %d ns", jitter).isEqualTo(250_000_000);
                assertThat(port.queueTimeOf(start)).isEqualTo(first);
            }
            seq.skew = 3_000_000; // a real drift of 3 ms: followed
            port.resync();
            assertThat(port.queueTimeOf(start) - first).isBetween(2_000_000L, 4_000_000L);
            assertThat(port.send(0x90, 60, 100, start)).isTrue();
            assertThat(seq.sent.get(seq.sent.size() - 1)[2]).isEqualTo(port.queueTimeOf(start));
        }
    }

    @Test
    void inputEventsReachTheReceiverAsShortMessages() throws Exception {
        FakeSeq seq = new FakeSeq();
        List<int[]> got = new CopyOnWriteArrayList<>();
        try (AlsaMidiPort port = new AlsaMidiPort(seq, "hitl-midi")) {
            port.setReceiver((st, d1, d2, at) -> got.add(new int[] {st, d1, d2}));
            seq.arrive(new SeqEvent(SeqEvent.CONTROLLER, 0, 16, 100));
            seq.arrive(new SeqEvent(SeqEvent.NOTEON, 9, 36, 90));
            seq.arrive(new SeqEvent(99, 0, 0, 0)); // an event that is no MIDI message (e.g. a port announcement)
            seq.arrive(new SeqEvent(SeqEvent.CLOCK, 0, 0, 0));
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(5), () -> got.size() >= 3);
        }
        List<List<Integer>> as = new ArrayList<>();
        got.forEach(g -> as.add(List.of(g[0], g[1], g[2])));
        assertThat(as).containsExactly(List.of(0xB0, 16, 100), List.of(0x99, 36, 90), List.of(Midi.CLOCK, 0, 0));
    }

    @Test
    void withoutTheKernelSequencerItSaysSo() {
        if (Ports.alsaSequencerPresent()) {
            return; // a machine with ALSA: nothing to show here
        }
        assertThat(AlsaMidiPort.probe().available()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlsaMidiPort.open(
                PortOptions.defaults(java.nio.file.Path.of(".")), FakeSeq::new))
                .isInstanceOf(PortException.class).hasMessageContaining("/dev/snd/seq");
    }
}
