package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Performance;
import org.hitlmidi.music.SongComposer;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;

/** What the live controls do to the notes played: the composer's and the player's own code, no stand-ins. */
class LiveParamsTest {
    private static final TrackParams P = TrackParams.defaults();

    private static Track composed(long seed) {
        return new SongComposer(P).fresh(new SplittableRandom(seed));
    }

    @Test
    void aPartProgramReplacesTheStylesForThatPartOnlyAndNullGivesItBack() {
        Track t = composed(2);
        com.fasterxml.jackson.databind.node.ObjectNode set = org.hitlmidi.control.Protocol.nodes().objectNode();
        set.put("program_bass", 38).put("program_chords", 90);
        LiveParams live = LiveParams.DEFAULT.with(set);
        java.util.Map<Part, Integer> programs = new java.util.EnumMap<>(Part.class);
        for (Performance.Voice v : Performance.voices(live.render(t), 1, 0)) {
            programs.put(v.part(), v.program());
        }
        assertThat(programs).containsEntry(Part.BASS, 38).containsEntry(Part.CHORDS, 90).containsEntry(Part.MELODY, 0);
        com.fasterxml.jackson.databind.node.ObjectNode view = org.hitlmidi.control.Protocol.nodes().objectNode();
        live.putInto(view);
        assertThat(view.path("program_bass").asInt()).isEqualTo(38);
        assertThat(LiveParams.fromJson(view)).isEqualTo(live); // a scene keeps them
        assertThat(live.materialChange(LiveParams.DEFAULT)).as("a program is how it sounds, not what").isFalse();
        com.fasterxml.jackson.databind.node.ObjectNode back = org.hitlmidi.control.Protocol.nodes().objectNode();
        back.putNull("program_bass");
        LiveParams reset = live.with(back);
        for (Performance.Voice v : Performance.voices(reset.render(t), 1, 0)) {
            if (v.part() == Part.BASS) {
                assertThat(v.program()).isEqualTo(t.arrangement().bassProgram());
            }
        }
        set.put("program_bass", 128);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LiveParams.DEFAULT.with(set))
                .hasMessageContaining("program_bass");
    }

    @Test
    void levelsAndIntensityScaleEachPartsVelocitiesAndLevelZeroSilencesIt() {
        Track t = composed(1);
        List<Performance.Event> plain = Performance.events(t, 1, true);
        LiveParams live = new LiveParams(null, null, null, null, 0.5, Map.of(Part.BASS, 0.0, Part.DRUMS, 0.5));
        List<Performance.Event> played = Performance.events(live.render(t), 1, true);
        assertThat(plain).extracting(Performance.Event::part).contains(Part.BASS, Part.DRUMS, Part.MELODY);
        assertThat(played).extracting(Performance.Event::part).doesNotContain(Part.BASS);
        List<Performance.Event> expected = plain.stream().filter(e -> e.part() != Part.BASS).toList();
        assertThat(played).hasSameSizeAs(expected);
        for (int i = 0; i < played.size(); i++) {
            Performance.Event a = expected.get(i);
            Performance.Event b = played.get(i);
            assertThat(b.start()).isEqualTo(a.start()); // timing and pitch untouched (the same humanize seed)
            assertThat(b.pitch()).isEqualTo(a.pitch());
            double factor = a.part() == Part.DRUMS ? 0.25 : 0.5;
            // the humanize spread is added after the scaling: within its range of the scaled velocity
            int spread = t.arrangement().feel().velocitySpread();
            assertThat((double) b.velocity()).as(a.toString())
                    .isBetween(Math.max(1, a.velocity() * factor - spread - 1.0), a.velocity() * factor + spread + 1.0);
        }
        double meanPlain = plain.stream().filter(e -> e.part() == Part.MELODY).mapToInt(Performance.Event::velocity).average().orElseThrow();
        double meanLive = played.stream().filter(e -> e.part() == Part.MELODY).mapToInt(Performance.Event::velocity).average().orElseThrow();
        assertThat(meanLive).isBetween(meanPlain * 0.5 - 3, meanPlain * 0.5 + 3);
    }

    @Test
    void swingAndHumanizeOverrideTheStylesFeel() {
        Track t = composed(2);
        LiveParams live = LiveParams.DEFAULT.with(DeviceViews.body().put("swing", 1.0).put("humanize", 0.0));
        Track r = live.render(t);
        assertThat(r.arrangement().feel().swing()).isEqualTo(1.0);
        assertThat(r.arrangement().feel().timingTicks()).isZero();
        assertThat(r.arrangement().feel().velocitySpread()).isZero();
        // an eighth off-beat lands a sixth of a beat late at full swing
        boolean offbeatMoved = Performance.events(r, 1, true).stream()
                .anyMatch(e -> Math.abs(e.start() % 1 - (0.5 + 1.0 / 6)) < 1e-9);
        assertThat(offbeatMoved).isTrue();
        assertThat(LiveParams.DEFAULT.render(t)).isSameAs(t);
    }

    @Test
    void densityAndRegisterRecomposeFromTheSketchKeepingEverythingElse() {
        Track t = composed(3);
        int d = t.arrangement().sketch().density() == 0 ? 3 : 0;
        Track c = LiveParams.DEFAULT.with(DeviceViews.body().put("density", d).put("register", -1)).compose(t, P);
        assertThat(c.arrangement().sketch()).isEqualTo(t.arrangement().sketch().withDensity(d).withRegister(-1));
        assertThat(c).isEqualTo(new SongComposer(P).compose(c.arrangement().sketch()));
        assertThat(c.arrangement().progression()).isEqualTo(t.arrangement().progression());
        assertThat(LiveParams.DEFAULT.compose(t, P)).isSameAs(t);
    }
}
