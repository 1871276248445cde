package org.hitlmidi.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the device process, shared by `device` (foreground) and `start` (which passes them on). */
public final class DeviceOptions {
    @Option(names = "--backend", paramLabel = "SPEC", defaultValue = "auto",
            description = "MIDI port: auto, jack, alsa, coremidi, device:NAME or synth. Default: ${DEFAULT-VALUE}.")
    String backend = "auto";

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
            description = "Profile to load (created when missing). Default: ${DEFAULT-VALUE}.")
    String profile = "default";

    @Option(names = "--jack-server", paramLabel = "NAME", description = "A JACK server other than the default one.")
    String jackServer;

    @Option(names = "--controller", paramLabel = "NAME",
            description = "Controller mapping (presets/controllers: nanokontrol2, mpk-mini-mk3, launch-control-xl, "
                    + "beatstep, x-touch-mini, a saved one, or a .json file). Default: the one chosen last, else "
                    + "the learned one.")
    String controller;

    @Option(names = "--clock", paramLabel = "MODE",
            description = "MIDI clock: off; send (each track starts the clock at its tempo: bar 1 where it begins); "
                    + "follow (tracks start on the next bar of an incoming clock, at its tempo; its START plays, its "
                    + "STOP stops). Default: the one chosen last, else off.")
    String clock;

    @Option(names = "--seed", description = "Seed of the learner's random choices (default: a new one each start).")
    Long seed;

    @Option(names = "--no-play", description = "Do not play the first track at start; wait for play, next or a rating.")
    boolean noPlay;

    /** The same options as arguments of a `device` command line. */
    List<String> asArguments() {
        List<String> a = new ArrayList<>(List.of("--backend", backend, "--profile", profile));
        if (jackServer != null) {
            a.add("--jack-server");
            a.add(jackServer);
        }
        if (controller != null) {
            a.add("--controller");
            a.add(controller);
        }
        if (clock != null) {
            a.add("--clock");
            a.add(clock);
        }
        if (seed != null) {
            a.add("--seed");
            a.add(seed.toString());
        }
        if (noPlay) {
            a.add("--no-play");
        }
        return a;
    }
}
