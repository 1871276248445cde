package org.hitlmidi.cli;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Write a track composed in a style (melody, bass, chords, drums; whole bars) as a Standard MIDI File; "
                + "--paper writes the paper's random initial track instead.")
public final class GenerateCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.mid", description = "Where to write.")
    Path out;

    @Option(names = "--seed", description = "Random seed (default: a new one each time).")
    Long seed;

    @Option(names = "--paper", description = "The paper's random initial track (length notes, no bars) instead.")
    boolean paper;

    @Option(names = "--png", paramLabel = "FILE.png", description = "Also draw the track's piano roll to this PNG.")
    Path png;

    @CommandLine.Mixin
    TrackOptionsMixin track;

    @Override
    public Integer call() throws Exception {
        TrackParams p = track.options.apply(TrackParams.defaults(), main.presets());
        SplittableRandom rng = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
        Track t = paper ? TrackGenerator.random(p, rng) : new org.hitlmidi.music.SongComposer(p).fresh(rng);
        MidiFiles.write(t, new MidiFiles.Voice(p.channel(), p.program(), "hitl-midi"), out);
        if (png != null) {
            org.hitlmidi.sim.PianoRollPng.write(t, (t.arrangement().barred() ? t.arrangement().style() + ", "
                    + t.arrangement().progression() + ", " : "") + org.hitlmidi.music.Pitches.name(p.baseNote()) + " "
                    + p.scale().id() + ", " + t.tempo() + " BPM", png);
        }
        spec.commandLine().getOut().println("wrote " + out + ": " + t.melody().size() + " notes, "
                + t.percussion().size() + " drum hits, " + (t.arrangement().barred() ? t.arrangement().bars() + " bars of "
                + t.arrangement().meter() + " (" + t.arrangement().progression() + "), " : "") + t.lengthBeats() + " beats at " + t.tempo() + " BPM");
        return 0;
    }
}
