package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part knobs on a controller ({@code rate.part.drums} ...): a part knob moved for this track goes with the knob
 * rating, one left alone does not, and one turned for a part the track does not play is left out (the rest of the
 * rating still counts). CCs go into the device's own controller listener, as from its MIDI input.
 */
class PartKnobTest {
    private static final int OVERALL = 16;
    private static final int BASS = 20;
    private static final int DRUMS = 21;
    private static final int MELODY = 22;
    private static final int RATE = 41;

    @TempDir
    Path dir;

    private DeviceRunner start() throws Exception {
        Path presets = Files.createDirectories(dir.resolve("data").resolve("presets").resolve("controllers"));
        Files.writeString(presets.resolve("parts.json"), """
                {"name": "parts", "channel": 1, "commit": {"restMs": 0}, "controls": {
                  "overall": {"cc": 16}, "rate.part.bass": {"cc": 20}, "rate.part.drums": {"cc": 21},
                  "rate.part.melody": {"cc": 22}, "rate": {"cc": 41}}}
                """);
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                Profile.DEFAULT, "synth", Optional.empty(), OptionalLong.of(2), false, null, Optional.of("parts"), Optional.empty()),
                PortOutputs::open);
    }

    private static void cc(Device d, int cc, int value) {
        d.controllersForTest().listener().receive(Midi.CONTROL_CHANGE, cc, value, System.nanoTime());
    }

    private List<RatingRecord> stored() {
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
            return s.ratings(s.profile(Profile.DEFAULT).orElseThrow().id(), true);
        }
    }

    private void awaitStored(int n) throws Exception {
        if (!org.hitlmidi.Await.within(java.time.Duration.ofSeconds(20), () -> stored().size() >= n)) {
            Path log = dir.resolve("data").resolve("logs").resolve("device.log");
            throw new AssertionError("no rating " + n + " stored from the controller; the device's log:\n"
                    + (Files.exists(log) ? Files.readString(log) : "(none)"));
        }
    }

    @Test
    void aMovedPartKnobGoesWithTheRatingAnUntouchedOneDoesNot() throws Exception {
        try (DeviceRunner r = start()) {
            Device d = r.device();
            assertThat(d.currentParts()).contains(Part.MELODY, Part.DRUMS);
            cc(d, OVERALL, 90);  // 8
            cc(d, DRUMS, 20);    // 2
            cc(d, RATE, 127);
            long pressed = System.nanoTime();
            awaitStored(1);
            assertThat(stored().get(0).rating().overall()).isEqualTo(8);
            assertThat(stored().get(0).rating().parts()).isEqualTo(Map.of(Part.DRUMS, 2));
            d.currentParts(); // the device's rate (synchronized) has returned: the next track is current, knobs stale
            // the next track: the drums knob is the last track's until it moves; the melody knob moves now
            // one press, not a bounce of the last
            org.hitlmidi.Await.until(java.time.Duration.ofSeconds(5), "the debounce time past the last press",
                    () -> System.nanoTime() - pressed > org.hitlmidi.midi.ControllerListener.BUTTON_DEBOUNCE_NANOS);
            cc(d, RATE, 0);
            cc(d, OVERALL, 91);
            cc(d, MELODY, 127);  // 10
            cc(d, RATE, 127);
            awaitStored(2);
            assertThat(stored().get(1).rating().parts()).isEqualTo(Map.of(Part.MELODY, 10));
        }
    }

    @Test
    void aPartKnobForAPartTheTrackDoesNotPlayIsLeftOutAndTheRatingCounts() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) { // the paper's tracks: melody and drums
            s.createProfile(Profile.DEFAULT, Learners.PAPER, TrackParams.defaults());
        }
        try (DeviceRunner r = start()) {
            Device d = r.device();
            assertThat(d.currentParts()).doesNotContain(Part.BASS);
            cc(d, OVERALL, 40);  // 4
            cc(d, BASS, 60);     // 5, but there is no bass
            cc(d, DRUMS, 127);   // 10
            cc(d, RATE, 127);
            awaitStored(1);
            assertThat(stored().get(0).rating().overall()).isEqualTo(4);
            assertThat(stored().get(0).rating().parts()).isEqualTo(Map.of(Part.DRUMS, 10));
        }
    }
}
