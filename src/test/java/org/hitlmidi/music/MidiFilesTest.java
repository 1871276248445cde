package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.hitlmidi.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiFilesTest {
    @TempDir
    Path dir;

    private static Track sample(long seed, int length) {
        return TrackGenerator.random(TrackParams.defaults().withLength(length).withTempo(132), new SplittableRandom(seed));
    }

    @Test
    void roundTripKeepsEveryNoteAndTheTempo() throws Exception {
        for (long seed = 0; seed < 20; seed++) {
            Track t = sample(seed, 1 + (int) seed * 3);
            Path f = dir.resolve("t" + seed + ".mid");
            MidiFiles.write(t, MidiFiles.Voice.DEFAULT, f);
            assertThat(MidiFiles.read(f)).isEqualTo(t);
        }
    }

    /** Expected (channel, note, velocity, start tick, end tick) rows for a track, in start order. */
    private static List<List<Integer>> expected(Track t, int channel0) {
        List<List<Integer>> rows = new ArrayList<>();
        double beat = 0;
        for (Note n : t.melody()) {
            rows.add(List.of(channel0, n.pitch(), n.velocity(), (int) Math.round(beat * 480),
                    (int) Math.round((beat + n.duration()) * 480)));
            beat += n.duration();
        }
        for (DrumHit h : t.percussion()) {
            rows.add(List.of(9, h.key(), h.velocity(), (int) Math.round(h.beat() * 480),
                    (int) Math.round((h.beat() + 0.25) * 480)));
        }
        rows.sort((a, b) -> a.get(3) != b.get(3).intValue() ? a.get(3) - b.get(3) : a.get(0) - b.get(0));
        return rows;
    }

    @Test
    void midoReadsTheSameNotes() throws Exception {
        Track t = sample(5, 12);
        Path f = dir.resolve("mido.mid");
        MidiFiles.write(t, new MidiFiles.Voice(3, 40, "violin"), f);
        String script = String.join("\n",
                "import json, sys, mido",
                "m = mido.MidiFile(sys.argv[1])",
                "rows, open_, t = [], {}, 0",
                "tempo = [msg.tempo for tr in m.tracks for msg in tr if msg.type == 'set_tempo']",
                "prog = [(msg.channel, msg.program) for tr in m.tracks for msg in tr if msg.type == 'program_change']",
                "names = [msg.name for tr in m.tracks for msg in tr if msg.type == 'track_name']",
                "for tr in m.tracks:",
                "    t = 0",
                "    for msg in tr:",
                "        t += msg.time",
                "        if msg.type == 'note_on' and msg.velocity > 0: open_[(msg.channel, msg.note)] = (t, msg.velocity)",
                "        elif msg.type in ('note_off', 'note_on'):",
                "            s, v = open_.pop((msg.channel, msg.note))",
                "            rows.append([msg.channel, msg.note, v, s, t])",
                "rows.sort(key=lambda r: (r[3], r[0]))",
                "print(json.dumps({'type': m.type, 'tpb': m.ticks_per_beat, 'tracks': len(m.tracks), 'tempo': tempo,",
                "                  'program': prog, 'names': names, 'rows': rows}))");
        JsonNode j = new ObjectMapper().readTree(ExternalTools.check(List.of(ExternalTools.PYTHON, "-c", script, f.toString())));
        assertThat(j.get("type").asInt()).isEqualTo(1);
        assertThat(j.get("tpb").asInt()).isEqualTo(480);
        assertThat(j.get("tracks").asInt()).isEqualTo(3);
        assertThat(j.get("tempo").get(0).asInt()).isEqualTo((int) Math.round(60_000_000 / 132.0));
        assertThat(j.get("program").toString()).isEqualTo("[[2,40]]");
        assertThat(j.get("names").toString()).isEqualTo("[\"violin\",\"Melody\",\"Drums\"]");
        List<List<Integer>> rows = new ArrayList<>();
        j.get("rows").forEach(r -> {
            List<Integer> row = new ArrayList<>();
            r.forEach(x -> row.add(x.asInt()));
            rows.add(row);
        });
        assertThat(rows).isEqualTo(expected(t, 2));
    }

    @Test
    void midicsvReadsTheSameNotes() throws Exception {
        Track t = sample(8, 8);
        Path f = dir.resolve("csv.mid");
        MidiFiles.write(t, MidiFiles.Voice.DEFAULT, f);
        String csv = ExternalTools.check(List.of("midicsv", f.toString()));
        assertThat(csv).contains("Header, 1, 3, 480").contains("Tempo, " + Math.round(60_000_000 / 132.0))
                .contains("Time_signature, 4, 2, 24, 8").contains("Program_c, 0, 0");
        List<List<Integer>> rows = new ArrayList<>();
        java.util.Map<String, int[]> open = new java.util.HashMap<>();
        for (String line : csv.split("\n")) {
            String[] c = Arrays.stream(line.split(",")).map(String::strip).toArray(String[]::new);
            if (c.length == 6 && (c[2].equals("Note_on_c") || c[2].equals("Note_off_c"))) {
                int tick = Integer.parseInt(c[1]);
                int ch = Integer.parseInt(c[3]);
                int note = Integer.parseInt(c[4]);
                int vel = Integer.parseInt(c[5]);
                String key = ch + ":" + note;
                if (c[2].equals("Note_on_c") && vel > 0) {
                    open.put(key, new int[] {tick, vel});
                } else {
                    int[] s = open.remove(key);
                    rows.add(List.of(ch, note, s[1], s[0], tick));
                }
            }
        }
        rows.sort((a, b) -> a.get(3) != b.get(3).intValue() ? a.get(3) - b.get(3) : a.get(0) - b.get(0));
        assertThat(rows).isEqualTo(expected(t, 0));
    }

    @Test
    void brokenFilesGetAClearError() throws Exception {
        Path junk = dir.resolve("junk.mid");
        Files.writeString(junk, "this is not MIDI at all");
        assertThatThrownBy(() -> MidiFiles.read(junk)).isInstanceOf(SmfException.class)
                .hasMessageContaining("junk.mid").hasMessageContaining("no MThd header");

        byte[] good = MidiFiles.toBytes(sample(1, 8), MidiFiles.Voice.DEFAULT);
        Path cut = dir.resolve("cut.mid");
        Files.write(cut, Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> MidiFiles.read(cut)).isInstanceOf(SmfException.class).hasMessageContaining("cut.mid");

        Path empty = dir.resolve("empty.mid");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> MidiFiles.read(empty)).isInstanceOf(SmfException.class);

        Path missing = dir.resolve("missing.mid");
        assertThatThrownBy(() -> MidiFiles.read(missing)).isInstanceOf(SmfException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void aFileWithoutMelodyIsRefused() throws Exception {
        Track drumsOnly = sample(2, 4);
        byte[] b = MidiFiles.toBytes(drumsOnly, MidiFiles.Voice.DEFAULT);
        // re-encode with the melody on channel 10: the importer then sees drums only
        javax.sound.midi.Sequence s = javax.sound.midi.MidiSystem.getSequence(new java.io.ByteArrayInputStream(b));
        s.deleteTrack(s.getTracks()[1]);
        var out = new java.io.ByteArrayOutputStream();
        javax.sound.midi.MidiSystem.write(s, 1, out);
        assertThatThrownBy(() -> MidiFiles.fromBytes(out.toByteArray())).hasMessageContaining("no melody notes");
    }
}
