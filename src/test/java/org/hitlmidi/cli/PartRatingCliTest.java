package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.hitlmidi.device.DeviceRunner;
import org.hitlmidi.device.PortOutputs;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part ratings end to end as a user gives them: {@code rate 7 --part bass=3 --part drums=9} against a device in this
 * JVM (built-in synth port, SQLite on disk), the protocol's {@code parts} object, {@code history} and
 * {@code explain} showing them, and the refusals: a part the track does not play, an unknown part, a value out of
 * range. A refused rating stores nothing.
 */
class PartRatingCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private DeviceRunner device;

    record Run(int code, String out, String err) {
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void start() throws Exception {
        device = DeviceRunner.start(new DeviceRunner.Options(data(), dir.resolve("c.sock"), false, Profile.DEFAULT,
                "synth", Optional.empty(), OptionalLong.of(3), false, null), PortOutputs::open);
    }

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--data-dir", data().toString(), "--socket",
                dir.resolve("c.sock").toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private JsonNode json(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--json");
        Run r = cli(a.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private List<RatingRecord> stored() {
        try (SqliteStore s = SqliteStore.openIn(data())) {
            return s.ratings(s.profile(Profile.DEFAULT).orElseThrow().id(), true);
        }
    }

    @Test
    void aComposedTrackTakesPartRatingsAndHistoryAndExplainShowThem() throws Exception {
        start();
        // the current track's parts, as status says them; rate the bass and drums whenever it plays them
        int rated = 0;
        for (int i = 0; i < 12; i++) {
            JsonNode track = json("status").path("track");
            List<String> parts = new ArrayList<>();
            track.path("parts").forEach(p -> parts.add(p.asText()));
            assertThat(parts).contains("melody");
            List<String> args = new ArrayList<>(List.of("rate", "7"));
            if (parts.contains("bass")) {
                args.addAll(List.of("--part", "bass=" + (2 + i % 3)));
            }
            if (parts.contains("drums")) {
                args.addAll(List.of("--part", "drums=9"));
            }
            rated += args.size() > 2 ? 1 : 0;
            Run r = cli(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            if (parts.contains("bass")) {
                assertThat(r.out()).contains("bass=" + (2 + i % 3));
            }
        }
        assertThat(rated).as("tracks with a bass or drums to rate").isGreaterThan(6);
        List<RatingRecord> s = stored();
        assertThat(s).hasSize(12);
        assertThat(s.stream().filter(x -> x.rating().part(Part.DRUMS).orElse(0) == 9).count()).isGreaterThan(6);
        for (RatingRecord x : s) {
            assertThat(x.transition().after().parts()).containsAll(x.rating().parts().keySet());
        }

        Run h = cli("history", "--limit", "3");
        assertThat(h.code()).as(h.err()).isZero();
        assertThat(h.out()).contains("drums=9");
        JsonNode hj = json("history", "--limit", "12");
        int withParts = 0;
        for (JsonNode r : hj.path("ratings")) {
            withParts += r.path("rating").has("parts") ? 1 : 0;
        }
        assertThat(withParts).isEqualTo(rated);

        device.close();
        device = null;
        Run e = cli("explain");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("drums: ").contains("points of the drums rating");
        if (s.stream().anyMatch(x -> x.rating().parts().containsKey(Part.BASS))) {
            assertThat(e.out()).contains("bass: ");
        }
    }

    @Test
    void aPartTheTrackDoesNotPlayAnUnknownPartOrAValueOutOfRangeIsRefusedAndNothingIsStored() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(data())) { // the paper's tracks: a melody and drums, no bass
            s.createProfile(Profile.DEFAULT, Learners.PAPER, TrackParams.defaults());
        }
        start();
        Run bass = cli("rate", "7", "--part", "bass=3");
        assertThat(bass.code()).isEqualTo(Main.USAGE);
        assertThat(bass.err()).contains("this track has no bass part (it plays melody, drums)");
        Run unknown = cli("rate", "7", "--part", "guitar=3");
        assertThat(unknown.code()).isEqualTo(Main.USAGE);
        assertThat(unknown.err()).contains("unknown part 'guitar'");
        Run high = cli("rate", "7", "--part", "drums=11");
        assertThat(high.code()).isEqualTo(Main.USAGE);
        assertThat(high.err()).contains("--part drums 11 outside 1..10");
        Run noValue = cli("rate", "7", "--part", "drums");
        assertThat(noValue.code()).isEqualTo(Main.USAGE);
        assertThat(stored()).isEmpty();

        Run ok = cli("rate", "6", "--part", "drums=2", "--part", "melody=8");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("(6 melody=8 drums=2)");
        assertThat(stored()).singleElement().satisfies(r -> assertThat(r.rating().parts())
                .isEqualTo(Map.of(Part.DRUMS, 2, Part.MELODY, 8)));
        assertThat(cli("rate", "--help").out()).contains("--part").contains("The overall rating is always needed");
    }
}
