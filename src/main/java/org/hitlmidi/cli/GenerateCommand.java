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
        description = "Write a random initial track (the paper's generator) as a Standard MIDI File.")
public final class GenerateCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.mid", description = "Where to write.")
    Path out;

    @Option(names = "--seed", description = "Random seed (default: a new one each time).")
    Long seed;

    @CommandLine.Mixin
    TrackOptionsMixin track;

    @Override
    public Integer call() throws Exception {
        TrackParams p = track.options.apply(TrackParams.defaults(), main.presets());
        Track t = TrackGenerator.random(p, seed == null ? new SplittableRandom() : new SplittableRandom(seed));
        MidiFiles.write(t, new MidiFiles.Voice(p.channel(), p.program(), "hitl-midi"), out);
        spec.commandLine().getOut().println("wrote " + out + ": " + t.melody().size() + " notes, "
                + t.percussion().size() + " drum hits, " + t.lengthBeats() + " beats at " + t.tempo() + " BPM");
        return 0;
    }
}
