package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's episodes on a real device (SQLite file, control socket): a fresh track heard unedited begins each
 * episode of `length` ratings; `status`, `history` and the tracks agree, and a restart numbers tracks and
 * episodes on from where the last run stopped.
 */
class EpisodesDeviceTest {
    private static final int LENGTH = 3;
    @TempDir
    Path dir;

    private DeviceRunner start(long seed) throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                Profile.DEFAULT, "synth", Optional.empty(), OptionalLong.of(seed), false, null), PortOutputs::open);
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    private static JsonNode rate(ControlClient c, int v) throws Exception {
        return c.call("rate", f().put("overall", v)).path("track");
    }

    private static List<Integer> historyEpisodes(ControlClient c) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (JsonNode r : c.call("history").path("ratings")) {
            out.add(r.path("episode").asInt());
        }
        return out;
    }

    private static void stop(DeviceRunner d, ControlClient c) throws Exception {
        c.call("stop");
        c.close();
        assertThat(d.awaitStopped(10, TimeUnit.SECONDS)).isTrue();
        d.close();
    }

    @Test
    void episodesOfLengthRatingsFromAFreshTrackAgreeLiveInHistoryAndAfterARestart() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
            s.createProfile(Profile.DEFAULT, Learners.PAPER, TrackParams.defaults().withLength(LENGTH));
        }
        DeviceRunner d = start(1);
        ControlClient c = ControlClient.connect(dir.resolve("c.sock"));
        JsonNode first = c.call("status");
        assertThat(first.path("episode").asInt()).isEqualTo(1);
        assertThat(first.path("track").path("action").asText()).isEqualTo("compose@0"); // heard unedited
        assertThat(d.device().currentForTest().transition().before())
                .isEqualTo(d.device().currentForTest().transition().after());
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < LENGTH; i++) {
            JsonNode t = rate(c, 5);
            seen.add(t.path("episode").asInt() + ":" + t.path("action").asText().replaceAll("@.*", "")
                    .replaceAll("^(?!compose).*", "edit"));
        }
        // after 3 ratings of episode 1 (fresh, edit, edit) the next track begins episode 2, fresh again
        assertThat(seen).containsExactly("1:edit", "1:edit", "2:compose");
        rate(c, 6);
        // a skip makes another edit of the track rated last: the episode goes on
        JsonNode skipped = c.call("next").path("track");
        assertThat(skipped.path("episode").asInt()).isEqualTo(2);
        assertThat(d.device().currentForTest().transition().before().melody()).hasSize(LENGTH);
        JsonNode afterSkip = rate(c, 7);
        assertThat(afterSkip.path("episode").asInt()).isEqualTo(2);
        JsonNode third = rate(c, 8);
        assertThat(third.path("episode").asInt()).isEqualTo(3);
        assertThat(third.path("action").asText()).isEqualTo("compose@0");
        assertThat(historyEpisodes(c)).containsExactly(1, 1, 1, 2, 2, 2);
        rate(c, 4); // episode 3, one rating
        long lastId = c.call("status").path("track").path("trackId").asLong();
        Object lastRated = d.device().currentForTest().transition().before();
        stop(d, c);

        DeviceRunner d2 = start(2);
        ControlClient c2 = ControlClient.connect(dir.resolve("c.sock"));
        JsonNode resumed = c2.call("status");
        assertThat(resumed.path("episode").asInt()).isEqualTo(3);
        assertThat(resumed.path("track").path("trackId").asLong()).isGreaterThan(lastId);
        assertThat(historyEpisodes(c2)).containsExactly(1, 1, 1, 2, 2, 2, 3);
        // the episode goes on from the track rated last
        assertThat(d2.device().currentForTest().transition().before()).isEqualTo(lastRated);
        JsonNode t = rate(c2, 5);
        assertThat(t.path("episode").asInt()).isEqualTo(3);
        JsonNode fourth = rate(c2, 5);
        assertThat(fourth.path("episode").asInt()).isEqualTo(4);
        assertThat(fourth.path("action").asText()).isEqualTo("compose@0");
        long id2 = fourth.path("trackId").asLong();
        stop(d2, c2);

        // a run that ends after an episode's last rating begins the next episode at the restart
        DeviceRunner d3 = start(3);
        ControlClient c3 = ControlClient.connect(dir.resolve("c.sock"));
        JsonNode again = c3.call("status");
        assertThat(again.path("episode").asInt()).isEqualTo(4);
        assertThat(again.path("track").path("action").asText()).isEqualTo("compose@0");
        assertThat(again.path("track").path("trackId").asLong()).isGreaterThan(id2);
        stop(d3, c3);
    }
}
