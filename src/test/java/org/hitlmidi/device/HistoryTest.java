package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.hitlmidi.cli.Main;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `history` request and `hitl-midi history` against a real device and its SQLite file. */
class HistoryTest {
    @TempDir
    Path dir;

    private DeviceRunner start() throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                Profile.DEFAULT, "synth", Optional.empty(), OptionalLong.of(5), false, null), PortOutputs::open);
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    @Test
    void theLastRatingsOfTheProfileWithEpisodesUndoneAndSubRatings() throws Exception {
        try (DeviceRunner d = start(); ControlClient c = ControlClient.connect(dir.resolve("c.sock"))) {
            c.call("rate", f().put("overall", 4).put("musicality", 6).put("source", "panel"));
            c.call("rate", f().put("overall", 7));
            c.call("rate", f().put("overall", 2).put("coherence", 3).put("source", "cli"));
            c.call("undo");
            c.call("rate", f().put("overall", 8));
            String scale = c.call("params").path("params").path("scale").asText();
            c.call("params", f().set("set", f().put("scale", scale.equals("dorian") ? "major" : "dorian")));
            c.call("rate", f().put("overall", 9).put("novelty", 10));

            JsonNode all = c.call("history");
            assertThat(all.path("profile").asText()).isEqualTo(Profile.DEFAULT);
            assertThat(all.path("total").asInt()).isEqualTo(4); // as status counts: the undone one left out
            assertThat(all.path("stored").asInt()).isEqualTo(5);
            assertThat(all.path("undone").asInt()).isEqualTo(1);
            List<String> rows = new ArrayList<>();
            for (JsonNode r : all.path("ratings")) {
                rows.add(r.path("episode").asInt() + ":" + r.path("rating").path("overall").asInt()
                        + (r.path("undone").asBoolean() ? "u" : "") + ":" + r.path("source").asText());
            }
            assertThat(rows).containsExactly("1:4:panel", "1:7:control", "1:2u:cli", "1:8:control", "2:9:control");
            JsonNode first = all.path("ratings").get(0);
            assertThat(first.path("rating").path("musicality").asInt()).isEqualTo(6);
            assertThat(first.path("rating").has("novelty")).isFalse();
            assertThat(java.time.OffsetDateTime.parse(first.path("time").asText()).toInstant()).isBeforeOrEqualTo(Instant.now());
            long[] ids = new long[5];
            for (int i = 0; i < 5; i++) {
                ids[i] = all.path("ratings").get(i).path("ratingId").asLong();
            }
            assertThat(ids).isSorted();

            JsonNode last2 = c.call("history", f().put("limit", 2));
            assertThat(last2.path("stored").asInt()).isEqualTo(5);
            assertThat(last2.path("ratings")).hasSize(2);
            assertThat(last2.path("ratings").get(1).path("rating").path("novelty").asInt()).isEqualTo(10);
            assertThat(last2.path("ratings").get(0).path("ratingId").asLong()).isEqualTo(ids[3]);

            // what `status` shows for the current track is what history counts
            assertThat(c.call("status").path("track").path("episode").asInt()).isEqualTo(2);

            for (JsonNode bad : List.of(f().put("limit", 0), f().put("limit", 1001), f().put("limit", -3),
                    f().put("limit", 2.5), f().put("limit", "ten"), f().put("limit", true), f().putNull("limet"),
                    f().put("limit", 1L << 40))) {
                assertThatThrownBy(() -> c.call("history", (ObjectNode) bad)).as(bad.toString())
                        .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_VALUE));
            }
            assertThat(c.call("history", f().put("limit", 1000)).path("ratings")).hasSize(5);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"--socket", dir.resolve("c.sock").toString(), "history", "--limit", "3"},
                    new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("4 ratings (5 stored, 1 undone), the last 3 shown").contains("(undone)")
                    .contains("episode 2").contains("9 novelty=10");
            assertThat(out.toString().lines().count()).isEqualTo(4);
            out.getBuffer().setLength(0);
            code = Main.run(new String[] {"--socket", dir.resolve("c.sock").toString(), "history", "--json"},
                    new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(code).isZero();
            assertThat(new ObjectMapper().readTree(out.toString()).path("ratings")).hasSize(5);
            code = Main.run(new String[] {"--socket", dir.resolve("c.sock").toString(), "history", "--limit", "0"},
                    new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).contains("--limit 0 outside 1..1000");
        }
    }

    @Test
    void aLargeProfileIsCutToTheLimit() throws Exception {
        int n = 3000;
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
            Profile p = s.createProfile(Profile.DEFAULT, Learners.PAPER, TrackParams.defaults());
            SplittableRandom rnd = new SplittableRandom(1);
            Track t = TrackGenerator.random(TrackParams.defaults(), rnd);
            Edits edits = new Edits(EditRules.PAPER);
            for (int i = 0; i < n; i++) {
                if (i > 0 && i % 100 == 0) { // not the track rated last: a new episode
                    t = TrackGenerator.random(TrackParams.defaults(), rnd);
                }
                Action a = new Action(ActionType.PITCH_UP, rnd.nextInt(t.melody().size()));
                Track next = edits.apply(t, a);
                s.addRating(new org.hitlmidi.store.RatingRecord(0, p.id(), null, Instant.now(), Learners.PAPER,
                        Rating.of(1 + i % 10), new Transition(t, a, next), "sim", false));
                t = next;
            }
        }
        try (DeviceRunner d = start(); ControlClient c = ControlClient.connect(dir.resolve("c.sock"))) {
            JsonNode h = null;
            StringBuilder ms = new StringBuilder();
            for (int k = 0; k < 3; k++) { // the first call includes class loading and JIT
                long t0 = System.nanoTime();
                h = c.call("history", f().put("limit", Device.MAX_HISTORY));
                ms.append(String.format(java.util.Locale.ROOT, " %.0f", (System.nanoTime() - t0) / 1e6));
            }
            System.err.printf("history: %d of %d ratings in%s ms (3 calls)%n", h.path("ratings").size(), n, ms);
            assertThat(h.path("total").asInt()).isEqualTo(n);
            assertThat(h.path("ratings")).hasSize(Device.MAX_HISTORY);
            assertThat(h.path("ratings").get(Device.MAX_HISTORY - 1).path("rating").path("overall").asInt())
                    .isEqualTo(1 + (n - 1) % 10);
            // a random track every 100 ratings begins an episode: 30 in all, the last 1000 in 21..30
            assertThat(h.path("ratings").get(0).path("episode").asInt()).isEqualTo(21);
            assertThat(h.path("ratings").get(Device.MAX_HISTORY - 1).path("episode").asInt()).isEqualTo(n / 100);
            // the paper learner's episode (8 ratings) is long over: the device begins the next one
            assertThat(c.call("status").path("track").path("episode").asInt()).isEqualTo(n / 100 + 1);
        }
    }
}
