package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.midi.MidiPort;
import org.hitlmidi.midi.MidiReceiver;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.midi.PortState;
import org.hitlmidi.midi.RecordingPort;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.hitlmidi.store.Store;
import org.hitlmidi.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of a rating (issue 13 item 5): the next track starts while the rating is written, and the rating is
 * acknowledged (the reply, rating_stored, track_started) only once it is on disk. The store is SQLite on disk; its
 * rating write waits for the test to let it go, so the test sees what the device does while the write is under way.
 */
class RateOrderTest {
    @TempDir
    Path dir;

    private final ExecutorService rater = Executors.newSingleThreadExecutor();
    private SqliteStore sqlite;
    private final CountDownLatch writeBegan = new CountDownLatch(1);
    /** Holds each rating write until let go; null: writes go through. */
    private volatile CountDownLatch letWrite = new CountDownLatch(1);
    /** The held write, once let go, fails instead of writing (a storage fault). */
    private volatile boolean failWrite;
    /** Set when the real write returned: the rating is committed (SQLite, synchronous=FULL). */
    private final AtomicBoolean written = new AtomicBoolean();
    private final List<String> earlyAcks = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private NotePort sink;
    private RecordingPort port;
    private Player player;
    private Device device;

    @BeforeEach
    void open() {
        Path data = dir.resolve("data");
        sqlite = SqliteStore.openIn(data);
        Store held = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, m, args) -> {
                    CountDownLatch gate = letWrite;
                    if (m.getName().equals("addRating") && gate != null) {
                        writeBegan.countDown();
                        gate.await();
                        if (failWrite) {
                            throw new StoreException("disk I/O error (a storage fault, from the test)");
                        }
                    }
                    try {
                        Object r = m.invoke(sqlite, args);
                        if (m.getName().equals("addRating")) {
                            written.set(true);
                        }
                        return r;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        sink = new NotePort();
        port = new RecordingPort(sink);
        player = new Player(port);
        Device.Events ev = (name, body) -> {
            if (!written.get()) {
                earlyAcks.add(name);
            }
            events.add(name);
        };
        device = Device.open(held, Presets.builtInOnly(), port, player, ev, line -> { }, new SplittableRandom(3),
                Profile.DEFAULT, () -> { }, data, PortOptions.defaults(data), Optional.empty());
    }

    @AfterEach
    void close() {
        CountDownLatch gate = letWrite;
        if (gate != null) {
            gate.countDown();
        }
        rater.shutdownNow();
        device.close();
        player.close();
        sqlite.close();
    }

    @Test
    void theNextTrackStartsWhileTheRatingIsWrittenAndTheRatingIsAcknowledgedOnlyOnDisk() throws Exception {
        long rated = device.status().path("track").path("trackId").asLong();
        assertThat(player.isPlaying()).isFalse();
        Future<ObjectNode> reply = rater.submit(() -> {
            ObjectNode r = device.rate(Rating.of(8), "test", Optional.empty(), true);
            if (!written.get()) {
                earlyAcks.add("reply");
            }
            return r;
        });
        assertThat(writeBegan.await(30, TimeUnit.SECONDS)).as("the rating's write began").isTrue();
        // the write is held: the next track's first note must leave all the same
        assertThat(sink.firstNoteOn.await(30, TimeUnit.SECONDS))
                .as("the next track's first note while the rating's write is held").isTrue();
        assertThat(player.currentTrackId()).isNotEqualTo(rated);
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("no event before the rating is on disk").isNull();
        assertThat(reply.isDone()).as("no reply before the rating is on disk").isFalse();

        letWrite.countDown();
        ObjectNode r = reply.get(30, TimeUnit.SECONDS);
        assertThat(earlyAcks).as("acknowledged before the write returned").isEmpty();
        assertThat(r.path("trackId").asLong()).isEqualTo(rated);
        assertThat(r.path("track").path("trackId").asLong()).isEqualTo(player.currentTrackId());
        assertThat(List.of(events.take(), events.take(), events.take()))
                .containsExactly("rating_stored", "q_updated", "track_started");
        try (SqliteStore other = SqliteStore.openIn(dir.resolve("data"))) {
            Profile p = other.profile(Profile.DEFAULT).orElseThrow();
            assertThat(other.ratings(p.id(), true)).extracting(x -> x.id()).containsExactly(r.path("ratingId").asLong());
        }
    }

    @Test
    void aWriteThatFailsAfterTheNextTrackStartedStopsItAndSaysSo() throws Exception {
        letWrite = null;
        device.rate(Rating.of(4), "test", Optional.empty(), false); // acknowledged: must survive what follows
        CountDownLatch gate = new CountDownLatch(1);
        letWrite = gate;
        long rated = device.status().path("track").path("trackId").asLong();
        long updates = device.status().path("updates").asLong();
        failWrite = true;
        CountDownLatch began = new CountDownLatch(1);
        sink.onNoteOn = began::countDown;
        Future<ObjectNode> reply = rater.submit(() -> device.rate(Rating.of(9), "test", Optional.empty(), true));
        assertThat(began.await(30, TimeUnit.SECONDS)).as("the next track started while the write was held").isTrue();
        assertThat(player.isPlaying()).isTrue();
        gate.countDown();
        assertThatThrownBy(() -> reply.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ControlException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                    assertThat(e.getMessage()).contains("not stored").contains("playing stopped");
                });
        assertThat(player.isPlaying()).as("the playing stopped").isFalse();
        assertThat(port.sounding()).as("every note-on got its note-off").isZero();
        ObjectNode st = device.status();
        assertThat(st.path("playing").asBoolean()).isFalse();
        assertThat(st.path("track").path("trackId").asLong()).as("the rated track is current again").isEqualTo(rated);
        assertThat(st.path("updates").asLong()).as("the learner as the store has it").isEqualTo(updates);
        assertThat(events).doesNotContain("track_started");
        try (SqliteStore other = SqliteStore.openIn(dir.resolve("data"))) {
            Profile p = other.profile(Profile.DEFAULT).orElseThrow();
            assertThat(other.ratings(p.id(), true)).extracting(x -> x.rating().overall())
                    .as("the acknowledged rating, and only it").containsExactly(4);
        }
    }

    /** A port that plays nowhere and says when the first note-on left through it. */
    private static final class NotePort implements MidiPort {
        final CountDownLatch firstNoteOn = new CountDownLatch(1);
        volatile Runnable onNoteOn = () -> { };

        @Override
        public String backend() {
            return "test";
        }

        @Override
        public String name() {
            return "notes";
        }

        @Override
        public boolean send(int status, int data1, int data2, long atNanos) {
            if ((status & 0xF0) == Midi.NOTE_ON && data2 > 0) {
                firstNoteOn.countDown();
                onNoteOn.run();
            }
            return true;
        }

        @Override
        public void setReceiver(MidiReceiver receiver) {
        }

        @Override
        public void setStateListener(Consumer<PortState> listener) {
        }

        @Override
        public PortState state() {
            return PortState.CONNECTED;
        }

        @Override
        public void close() {
        }
    }
}
