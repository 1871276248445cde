package org.hitlmidi.music;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;

/**
 * Standard MIDI Files, type 1: a conductor track (name, tempo, time signature), one track per pitched part
 * (melody on its channel, bass and chords on the next ones) with its program change, and the percussion on
 * channel 10, as {@link Performance} plays them. Import reads the melody and drums back (and those of most other
 * SMFs: the lowest-numbered channel with notes that is not 10 becomes the melody).
 */
public final class MidiFiles {
    public static final int PPQ = 480;
    /** Larger files are refused before parsing: no track of ours comes near it. */
    public static final long MAX_FILE_BYTES = 8L << 20;
    private static final int TEMPO_META = 0x51;
    private static final int TRACK_NAME_META = 0x03;
    private static final int TIME_SIGNATURE_META = 0x58;

    private MidiFiles() {
    }

    /** Where the melody plays: channel 1..16 (not 10) and General MIDI program 0..127. */
    public record Voice(int channel, int program, String name) {
        public static final Voice DEFAULT = new Voice(1, 0, "hitl-midi");

        public Voice {
            if (channel < 1 || channel > 16 || channel == TrackParams.DRUM_CHANNEL) {
                throw new IllegalArgumentException("melody channel " + channel + " must be 1..16 and not 10");
            }
            if (program < 0 || program > 127) {
                throw new IllegalArgumentException("program " + program + " outside 0..127");
            }
        }
    }

    public static Sequence toSequence(Track track, Voice voice) {
        try {
            Sequence seq = new Sequence(Sequence.PPQ, PPQ);
            javax.sound.midi.Track conductor = seq.createTrack();
            conductor.add(meta(TRACK_NAME_META, voice.name().getBytes(StandardCharsets.UTF_8), 0));
            int mpq = (int) Math.round(60_000_000.0 / track.tempo());
            conductor.add(meta(TEMPO_META, new byte[] {(byte) (mpq >> 16), (byte) (mpq >> 8), (byte) mpq}, 0));
            Meter meter = track.arrangement().meter();
            int denPow = Integer.numberOfTrailingZeros(meter.denominator());
            int clocks = meter == Meter.SIX_EIGHT ? 36 : 24;
            conductor.add(meta(TIME_SIGNATURE_META, new byte[] {(byte) meter.numerator(), (byte) denPow, (byte) clocks, 8}, 0));
            Map<Integer, javax.sound.midi.Track> byChannel = new HashMap<>();
            for (Performance.Voice v : Performance.voices(track, voice.channel(), voice.program())) {
                javax.sound.midi.Track t = seq.createTrack();
                String name = v.part() == Part.MELODY ? "Melody" : v.part() == Part.BASS ? "Bass" : "Chords";
                t.add(meta(TRACK_NAME_META, name.getBytes(StandardCharsets.UTF_8), 0));
                t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, v.channel() - 1, v.program(), 0), 0));
                byChannel.put(v.channel(), t);
            }
            javax.sound.midi.Track drums = seq.createTrack();
            drums.add(meta(TRACK_NAME_META, "Drums".getBytes(StandardCharsets.UTF_8), 0));
            byChannel.put(TrackParams.DRUM_CHANNEL, drums);
            for (Performance.Event e : Performance.events(track, voice.channel())) {
                javax.sound.midi.Track t = byChannel.get(e.channel());
                int ch = e.channel() - 1;
                long on = tick(e.start());
                long off = Math.max(on + 1, tick(e.start() + e.duration()));
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, ch, e.pitch(), e.velocity()), on));
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, ch, e.pitch(), 0), off));
            }
            long end = tick(track.lengthBeats());
            for (javax.sound.midi.Track t : seq.getTracks()) {
                if (t.ticks() < end) {
                    t.add(meta(0x2F, new byte[0], end)); // end of track at the last bar line: loops stay whole
                }
            }
            return seq;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("a valid track made invalid MIDI data", e);
        }
    }

    public static byte[] toBytes(Track track, Voice voice) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MidiSystem.write(toSequence(track, voice), 1, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Writes atomically: a temporary file beside the target, then a rename. */
    public static void write(Track track, Voice voice, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, ".hitl-", ".mid.tmp");
        try {
            Files.write(tmp, toBytes(track, voice));
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static Track read(Path file) throws SmfException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new SmfException(file + ": " + Files.size(file) + " bytes is larger than the "
                        + MAX_FILE_BYTES + " bytes a track file may have");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SmfException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            return fromBytes(bytes);
        } catch (SmfException e) {
            throw new SmfException(file + ": " + e.getMessage(), e.getCause());
        }
    }

    public static Track fromBytes(byte[] bytes) throws SmfException {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new SmfException(bytes.length + " bytes is larger than the " + MAX_FILE_BYTES
                    + " bytes a track file may have");
        }
        return fromContents(SmfReader.read(bytes));
    }

    private record Sounding(long on, int pitch, int velocity, int channel) {
    }

    private static Track fromContents(SmfReader.Contents c) throws SmfException {
        double ppq = c.ppq();
        double tempo = c.firstTempo() > 0
                ? Math.max(Track.MIN_TEMPO, Math.min(Track.MAX_TEMPO, 60_000_000.0 / c.firstTempo())) : 120;
        List<SmfReader.Event> all = new ArrayList<>(c.events());
        all.sort(Comparator.comparingLong(SmfReader.Event::tick)); // stable: each track keeps its order
        Map<Integer, Sounding> open = new HashMap<>();
        List<long[]> ended = new ArrayList<>(); // {on, off, pitch, velocity, channel}
        long last = 0;
        for (SmfReader.Event ev : all) {
            last = ev.tick();
            int key = ev.channel() * 128 + ev.data1();
            boolean on = ev.command() == ShortMessage.NOTE_ON && ev.data2() > 0;
            boolean off = ev.command() == ShortMessage.NOTE_OFF || (ev.command() == ShortMessage.NOTE_ON && ev.data2() == 0);
            if (on) {
                Sounding prev = open.put(key, new Sounding(ev.tick(), ev.data1(), ev.data2(), ev.channel()));
                if (prev != null) {
                    ended.add(new long[] {prev.on(), ev.tick(), prev.pitch(), prev.velocity(), prev.channel()});
                }
            } else if (off) {
                Sounding s = open.remove(key);
                if (s != null) {
                    ended.add(new long[] {s.on(), ev.tick(), s.pitch(), s.velocity(), s.channel()});
                }
            }
        }
        for (Sounding s : open.values()) { // a note never released ends with the file
            ended.add(new long[] {s.on(), Math.max(s.on() + 1, last), s.pitch(), s.velocity(), s.channel()});
        }
        ended.sort(Comparator.comparingLong((long[] e) -> e[0]).thenComparingLong(e -> e[2]));
        int drumCh = TrackParams.DRUM_CHANNEL - 1;
        // the melody is the lowest-numbered channel other than 10 that has notes; the others accompany it
        int melodyCh = ended.stream().mapToInt(e -> (int) e[4]).filter(ch -> ch != drumCh).min().orElse(-1);
        List<long[]> mel = ended.stream().filter(e -> e[4] == melodyCh).toList();
        List<Note> melody = new ArrayList<>();
        for (int i = 0; i < mel.size(); i++) {
            long[] e = mel.get(i);
            if (i + 1 < mel.size() && mel.get(i + 1)[0] == e[0]) {
                continue; // a chord: the melody keeps its highest note
            }
            long end = i + 1 < mel.size() ? mel.get(i + 1)[0] : e[1];
            double beats = Math.max(end - e[0], 1) / ppq;
            melody.add(new Note((int) e[2], Math.min(beats, 64), (int) Math.max(1, e[3])));
        }
        List<DrumHit> drums = new ArrayList<>();
        for (long[] e : ended) {
            if (e[4] == drumCh && e[0] / ppq <= 4096) {
                drums.add(new DrumHit(e[0] / ppq, (int) e[2], (int) Math.max(1, e[3])));
            }
        }
        if (melody.isEmpty()) {
            throw new SmfException("the file has no melody notes (on a channel other than 10)");
        }
        if (melody.size() > 4096 || drums.size() > 65_536) {
            throw new SmfException("the file has " + melody.size() + " melody notes and " + drums.size()
                    + " drum hits; a track holds at most 4096 and 65536");
        }
        return new Track(melody, drums, Math.round(tempo * 1000) / 1000.0);
    }

    private static long tick(double beats) {
        return Math.round(beats * PPQ);
    }

    private static MidiEvent meta(int type, byte[] data, long tick) throws InvalidMidiDataException {
        return new MidiEvent(new MetaMessage(type, data, data.length), tick);
    }
}
