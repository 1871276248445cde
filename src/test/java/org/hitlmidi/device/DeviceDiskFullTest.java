package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.Tmpfs;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device on a real full disk (a small tmpfs; needs root, as in CI): the rating write runs beside the
 * learner's work on it and the next track starts before it ends (Device.rate), so a write that fails must leave no
 * trace of that work: an error reply, the playing stopped, no event, the same track current, the learner as the
 * store has it; and the next rating, with room again, works.
 */
class DeviceDiskFullTest {
    @TempDir
    Path tmp;
    private Tmpfs disk;
    private Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        disk = Tmpfs.mount(tmp.resolve("mnt"), "4m");
        mount = disk.dir();
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    private static ObjectNode rate(int overall) {
        return Protocol.nodes().objectNode().put("overall", overall).put("source", "test");
    }

    /** Fills the file system with one file until it refuses more. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream o = Files.newOutputStream(filler)) {
            while (true) {
                o.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    @Test
    void aRatingThatCannotBeWrittenLeavesTheSessionAsItWas() throws Exception {
        Path data = mount.resolve("data");
        Path wav = tmp.resolve("synth.wav"); // the synth renders off the small disk
        DeviceRunner.Outputs outputs = (backend, o) -> PortOutputs.open("synth", o.withSynthToFile(wav));
        Path sock = tmp.resolve("c.sock");
        try (DeviceRunner d = DeviceRunner.start(new DeviceRunner.Options(data, sock, false, Profile.DEFAULT, "synth",
                Optional.empty(), OptionalLong.of(3), false, null), outputs);
             ControlClient c = ControlClient.connect(sock); ControlClient sub = ControlClient.connect(sock)) {
            for (int r : new int[] {4, 7, 9}) {
                c.call("rate", rate(r));
            }
            ObjectNode before = c.call("status");
            BlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
            sub.subscribe(List.of("rating_stored", "q_updated", "track_started"), events::add);

            Path filler = mount.resolve("filler");
            fill(filler);
            assertThatThrownBy(() -> c.call("rate", rate(2))).isInstanceOfSatisfying(ControlException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                assertThat(e.getMessage()).contains("not stored");
                // the next track had started while the write ran (issue 13 item 5): the failure stopped it
                assertThat(e.getMessage()).contains("playing stopped");
            });
            ObjectNode after = c.call("status");
            assertThat(after.path("playing").asBoolean()).as("the playing stopped").isFalse();
            assertThat(after.path("ratings").asLong()).isEqualTo(3);
            assertThat(after.path("updates").asLong()).as("the learner as the store has it")
                    .isEqualTo(before.path("updates").asLong());
            assertThat(after.path("track").path("trackId").asLong()).as("the rated track is still current")
                    .isEqualTo(before.path("track").path("trackId").asLong());
            assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("no event of the failed rating").isNull();

            Files.delete(filler);
            ObjectNode ok = c.call("rate", rate(2));
            assertThat(ok.path("trackId").asLong()).isEqualTo(before.path("track").path("trackId").asLong());
            assertThat(ok.path("updates").asLong()).isEqualTo(before.path("updates").asLong() + 1);
            assertThat(events.poll(5, TimeUnit.SECONDS).path("event").asText()).isEqualTo("rating_stored");
        }
        try (SqliteStore s = SqliteStore.openIn(data)) {
            Profile p = s.profile(Profile.DEFAULT).orElseThrow();
            assertThat(s.ratings(p.id(), true)).extracting(r -> r.rating().overall()).containsExactly(4, 7, 9, 2);
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
    }
}
