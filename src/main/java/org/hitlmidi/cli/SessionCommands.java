package org.hitlmidi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hitlmidi.control.DeviceReply;
import org.hitlmidi.control.DeviceRequest;
import org.hitlmidi.control.ParamSet;
import org.hitlmidi.music.Part;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.TrackParams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that drive a running device through the control protocol (docs/protocol.md). */
final class SessionCommands {
    private SessionCommands() {
    }

    /** What every remote command shares: the parent for --data-dir/--socket, and --json. */
    abstract static class RemoteCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print the device's reply as one JSON line.")
        boolean json;

        /** The last reply as the device sent it, for {@code --json}. */
        private ObjectNode raw;

        /** A typed request, encoded and its reply decoded by {@link org.hitlmidi.control.DeviceClient}. */
        <R extends DeviceReply> R call(DeviceRequest<R> request) throws java.io.IOException {
            Remote.Reply<R> r = Remote.call(main, request);
            raw = r.json();
            return r.typed();
        }

        /** Prints the last reply: {@code human}, or with --json the reply as the device sent it. */
        void print(String human) {
            Remote.print(spec.commandLine().getOut(), json, raw, human);
        }

        /** As {@link #print(String)}, for a reply made here (no device). */
        void print(ObjectNode reply, String human) {
            raw = reply;
            print(human);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show the running device: profile, learner, parameters, port, current track. "
                    + "Exit code 3 when no device runs.")
    static final class Status extends RemoteCommand {
        static final int NOT_RUNNING = 3;

        @Override
        public Integer call() throws Exception {
            DeviceReply.Status r;
            try {
                r = call(new DeviceRequest.Status());
            } catch (org.hitlmidi.control.DeviceNotRunningException e) {
                spec.commandLine().getErr().println("hitl-midi: " + e.getMessage());
                return NOT_RUNNING;
            }
            var p = r.port();
            var pending = r.pending();
            print("device " + r.version() + " (pid " + r.pid() + ") on "
                    + main.socket() + "\nprofile:  " + r.profile() + ", learner "
                    + r.learner() + ": " + r.ratings() + " ratings, "
                    + r.updates() + " updates, " + r.entries() + " Q entries"
                    + "\nparams:   " + Remote.params(r.params())
                    + "\nport:     " + p.backend() + " '" + p.name() + "' " + p.state()
                    + "\ncurrent:  " + Remote.track(r.track()) + (r.playing() ? " (playing)" : "")
                    + "\ninput:    controller " + r.controller().name() + " ("
                    + r.controller().controls().size() + " controls"
                    + (r.controllerLayer() != null ? ", layer " + r.controllerLayer() : "") + "), clock "
                    + r.clock().mode() + ", quantize " + r.quantize()
                    + (pending != null ? "\npending:  " + pending.kind() + " change at bar "
                    + pending.bar() + " (in " + pending.inMs() + " ms)" : ""));
            return 0;
        }
    }

    @Command(name = "params", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show or change the device's track parameters. A new base, scale, length, style, kit, "
                    + "density or register starts a new episode at a new track; tempo, swing, humanize, intensity, "
                    + "levels, mute and loop change the feel of the track that plays; channel and program apply from "
                    + "the next play. While a track plays, a change is heard from its next bar line (see quantize).")
    static final class Params extends RemoteCommand {
        @CommandLine.Mixin
        TrackOptionsMixin track;

        @Option(names = "--exploration", paramLabel = "0..1|default",
                description = "Exploration rate overriding the learner preset's, or 'default' for the preset's own.")
        String exploration;

        @Option(names = "--loop", negatable = true, description = "Loop the current track until the next one (on by default).")
        Boolean loop;

        @Option(names = "--mute", paramLabel = "PARTS", description = "Mute parts: melody, bass, chords, drums, "
                + "comma-separated; 'none' unmutes all. Heard at once; the learner still learns from the whole track.")
        String mute;

        @Option(names = "--solo", paramLabel = "PART", description = "Play only this part (melody, bass, chords, drums); "
                + "'none' plays all.")
        String solo;

        @Option(names = "--swing", paramLabel = "0..1|style", description = "Swing (0 straight, 1 triplet), or 'style' for the style's.")
        String swing;

        @Option(names = "--humanize", paramLabel = "0..1|style", description = "Humanize of timing and velocity, or 'style'.")
        String humanize;

        @Option(names = "--density", paramLabel = "0..3|auto", description = "Notes per bar class of every composed "
                + "track (0 sparse .. 3 busy), or 'auto' for the composer's choice.")
        String density;

        @Option(names = "--register", paramLabel = "-1..1|auto", description = "The melody a fifth lower (-1), as "
                + "written (0), a fourth higher (1), or 'auto'.")
        String register;

        @Option(names = "--intensity", paramLabel = "0..2", description = "Scales every velocity (1 as composed).")
        Double intensity;

        @Option(names = "--level", paramLabel = "PART=0..1", description = "A part's level (melody, bass, chords, "
                + "drums; 1 as composed, 0 silent); repeat it for several parts.")
        java.util.Map<String, Double> levels;

        @Option(names = "--part-program", paramLabel = "PART=0..127|style", description = "A General MIDI program for "
                + "the bass or the chords instead of the style's ('style' for the style's own); repeat it for both.")
        java.util.Map<String, String> partPrograms;

        @Override
        public Integer call() throws Exception {
            ParamSet set = ParamSet.none();
            set = live(set, "swing", swing);
            set = live(set, "humanize", humanize);
            set = live(set, "density", density);
            set = live(set, "register", register);
            if (intensity != null) {
                set = set.intensity(intensity);
            }
            if (levels != null) {
                for (var e : levels.entrySet()) {
                    set = set.level(Part.parse(e.getKey()), e.getValue());
                }
            }
            if (partPrograms != null) {
                for (var e : partPrograms.entrySet()) {
                    Part part = Part.parse(e.getKey());
                    if (!org.hitlmidi.control.Params.PROGRAM_PARTS.contains(part)) {
                        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--part-program "
                                + e.getKey() + ": only the bass and the chords have a program of their own");
                    }
                    try {
                        set = set.typed(org.hitlmidi.control.Params.programName(part), e.getValue());
                    } catch (IllegalArgumentException x) {
                        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--part-program "
                                + e.getKey() + "=" + e.getValue() + ": a program is a whole number 0..127 or 'style'");
                    }
                }
            }
            TrackOptions o = track.options;
            if (o.style != null) {
                TrackOptions.style(main.presets(), o.style, TrackParams.defaults()); // refuses a bad style here
                set = set.style(Remote.presetName(main, org.hitlmidi.preset.StyleConfig.KIND, o.style)); // key, tempo...
                var style = main.presets().load(org.hitlmidi.preset.StyleConfig.KIND, o.style);
                // the style's note count, channel and kit too (the paper's learners use them)
                if (style.length() != null) {
                    set = set.length(style.length());
                }
                if (style.channel() != null) {
                    set = set.channel(style.channel());
                }
                if (style.kit() != null) {
                    set = set.kit(style.kit());
                }
            }
            if (o.bars != null) {
                set = set.bars(o.bars);
            }
            if (o.meter != null) {
                set = set.meter(o.meter);
            }
            if (mute != null) {
                java.util.Set<Part> m = java.util.EnumSet.noneOf(Part.class);
                if (!mute.equals("none")) {
                    for (String part : mute.split(",")) {
                        m.add(Part.parse(part));
                    }
                }
                set = set.mute(m);
            }
            if (solo != null) {
                set = set.solo(solo.equals("none") ? null : Part.parse(solo));
            }
            if (o.base != null) {
                set = set.base(o.base);
            }
            if (o.scale != null) {
                set = set.scale(o.scale);
            }
            if (o.length != null) {
                set = set.length(o.length);
            }
            if (o.tempo != null) {
                set = set.tempo(o.tempo);
            }
            if (o.channel != null) {
                set = set.channel(o.channel);
            }
            if (o.program != null) {
                set = set.program(o.program);
            }
            if (o.kit != null) {
                set = set.kit(Remote.presetName(main, org.hitlmidi.preset.Kits.KIND, o.kit));
            }
            if (exploration != null) {
                if (exploration.equals("default")) {
                    set = set.exploration(null);
                } else {
                    double e;
                    try {
                        e = Double.parseDouble(exploration);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("--exploration '" + exploration + "' must be 0..1 or default");
                    }
                    if (!(e >= 0 && e <= 1)) {
                        throw new IllegalArgumentException("--exploration " + exploration + " outside 0..1");
                    }
                    set = set.exploration(e);
                }
            }
            if (loop != null) {
                set = set.loop(loop);
            }
            DeviceReply.Changed r = call(new DeviceRequest.Params(set.isEmpty() ? null : set));
            var ch = r.lands();
            print(Remote.params(r.params()) + (ch != null && ch.bar() != null ? "\n"
                    + (Boolean.TRUE.equals(r.material()) ? "a new track" : "the change") + " is heard from bar "
                    + ch.bar() + " (in " + ch.inMs() + " ms)" : ""));
            return 0;
        }
    }

    /**
     * A live parameter as given: a number, or its reset word (style, auto) for null, read by {@link
     * org.hitlmidi.control.Params#value}; the device checks the range.
     */
    static ParamSet live(ParamSet set, String name, String text) {
        if (text == null) {
            return set;
        }
        try {
            return set.typed(name, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
    }

    @Command(name = "next", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Skip the current track without rating it: the learner edits it and the result plays.")
    static final class Next extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            DeviceReply.Next r = call(new DeviceRequest.Next());
            print("playing " + Remote.track(r.track()));
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Play the current track again.")
    static final class Replay extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            DeviceReply.Playing r = call(new DeviceRequest.Replay());
            print("playing track " + r.trackId() + " again");
            return 0;
        }
    }

    @Command(name = "play", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Play the current track.")
    static final class Play extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            DeviceReply.Playing r = call(new DeviceRequest.Play());
            print("playing track " + r.trackId());
            return 0;
        }
    }

    @Command(name = "rate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Rate the current track 1..10 (with optional sub-ratings and part ratings). The rating is "
                    + "stored before the learner learns from it; then the next track plays.",
                    "The overall rating is always needed: a part rating (--part bass=3) says what you thought of one "
                    + "part, on top of the rating of the whole, never instead of it."})
    static final class Rate extends RemoteCommand {
        @Parameters(paramLabel = "1-10", description = "Overall rating.")
        int overall;

        @Option(names = "--musicality", paramLabel = "1-10")
        Integer musicality;

        @Option(names = "--novelty", paramLabel = "1-10")
        Integer novelty;

        @Option(names = "--coherence", paramLabel = "1-10")
        Integer coherence;

        @Option(names = "--part", paramLabel = "PART=1-10", mapFallbackValue = "",
                description = "Rate one part of the track as well (repeatable): melody, bass, chords or drums, e.g. "
                        + "--part bass=3 --part drums=9. Only parts the track plays; parts not named are not rated.")
        java.util.Map<String, String> parts = new java.util.LinkedHashMap<>();

        @Option(names = "--track", paramLabel = "ID", description = "Refuse the rating unless track ID is still current.")
        Long trackId;

        @Option(names = "--no-next", description = "Store and learn, but do not play the next track.")
        boolean noNext;

        @Override
        public Integer call() throws Exception {
            check("rating", overall);
            java.util.Map<String, Integer> p = new java.util.LinkedHashMap<>();
            parts.forEach((k, v) -> {
                org.hitlmidi.music.Part part = org.hitlmidi.music.Part.parse(k);
                int n;
                try {
                    n = Integer.parseInt(v.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--part " + k + "=" + v + ": the rating must be a whole number "
                            + "1..10");
                }
                p.put(part.id(), check("--part " + part.id(), n));
            });
            DeviceReply.Rated r = call(new DeviceRequest.Rate(overall, musicality == null ? null : check("--musicality", musicality),
                    novelty == null ? null : check("--novelty", novelty),
                    coherence == null ? null : check("--coherence", coherence), p.isEmpty() ? null : p, trackId, "cli",
                    noNext ? false : null));
            String s = "stored rating " + r.ratingId() + " (" + Remote.rating(r.rating())
                    + ") of track " + r.trackId() + "; learner: " + r.updates()
                    + " updates, " + r.entries() + " Q entries";
            if (r.track() != null) {
                s += "\nplaying " + Remote.track(r.track());
            }
            print(s);
            return 0;
        }

        private static int check(String what, int v) {
            if (v < Rating.MIN || v > Rating.MAX) {
                throw new IllegalArgumentException(what + " " + v + " outside 1..10");
            }
            return v;
        }
    }

    @Command(name = "undo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Undo this session's last rating: it is marked undone, the learner forgets it, and the "
                    + "rated track is current (and plays) again.")
    static final class Undo extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            DeviceReply.Undone r = call(new DeviceRequest.Undo());
            print("undid rating " + r.ratingId() + "; playing " + Remote.track(r.track()));
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show the last ratings of the device's profile, oldest first (undone ones marked).")
    static final class History extends RemoteCommand {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "" + org.hitlmidi.device.Device.DEFAULT_HISTORY,
                description = "How many ratings, 1.." + org.hitlmidi.device.Device.MAX_HISTORY
                        + ". Default: ${DEFAULT-VALUE}.")
        int limit;

        @Override
        public Integer call() throws Exception {
            if (limit < 1 || limit > org.hitlmidi.device.Device.MAX_HISTORY) {
                throw new IllegalArgumentException("--limit " + limit + " outside 1.."
                        + org.hitlmidi.device.Device.MAX_HISTORY);
            }
            DeviceReply.History r = call(new DeviceRequest.History(limit));
            var list = r.ratings();
            long total = r.total();
            long undone = r.undone();
            StringBuilder b = new StringBuilder("profile '").append(r.profile()).append("': ")
                    .append(total).append(total == 1 ? " rating" : " ratings");
            if (undone > 0) {
                b.append(" (").append(r.stored()).append(" stored, ").append(undone).append(" undone)");
            }
            if (list.size() < r.stored()) {
                b.append(", the last ").append(list.size()).append(" shown");
            }
            for (var x : list) {
                b.append(String.format(java.util.Locale.ROOT, "%n  #%-5d episode %-4d %-32s %-8s %s%s",
                        x.ratingId(), x.episode(), Remote.rating(x.rating()),
                        x.source(), x.time(), x.undone() ? "  (undone)" : ""));
            }
            print(b.toString());
            return 0;
        }
    }

    @Command(name = "keep", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Bookmark the current track in the profile.")
    static final class Keep extends RemoteCommand {
        @Option(names = "--note", description = "A note to keep with it.")
        String note;

        @Override
        public Integer call() throws Exception {
            DeviceReply.Kept r = call(new DeviceRequest.Keep(note));
            print("kept track " + r.trackId() + " as " + r.keptId());
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Write the current track (or a kept one) as a Standard MIDI File.")
    static final class Export extends RemoteCommand {
        @Parameters(paramLabel = "FILE.mid")
        Path file;

        @Option(names = "--kept", paramLabel = "ID", description = "Export kept track ID instead of the current one.")
        Long kept;

        @Override
        public Integer call() throws Exception {
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".mid")) {
                throw new IllegalArgumentException("export file '" + file + "' must end in .mid");
            }
            DeviceReply.Exported r = call(new DeviceRequest.Export(file.toAbsolutePath().normalize().toString(), kept));
            print("wrote " + r.path());
            return 0;
        }
    }

    @Command(name = "panic", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "All notes off on every channel of the device's port.")
    static final class Panic extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            call(new DeviceRequest.Panic());
            print("all notes off");
            return 0;
        }
    }

    @Command(name = "ports", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "List the MIDI backends (which can be used here, and why), the OS's MIDI devices for "
                    + "--backend device:NAME, and the port a running device uses.")
    static final class PortsCmd extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            DeviceReply.Ports r;
            ObjectNode here = null;
            try {
                r = call(new DeviceRequest.Ports());
            } catch (org.hitlmidi.control.DeviceNotRunningException e) {
                here = org.hitlmidi.device.Device.portsJson(org.hitlmidi.midi.PortOptions.defaults(main.dataDir()));
                r = org.hitlmidi.control.DeviceClient.parse(here, DeviceReply.Ports.class);
            }
            StringBuilder b = new StringBuilder("backends:");
            for (var s : r.backends()) {
                b.append(String.format(java.util.Locale.ROOT, "%n  %-9s %-3s %s", s.name(),
                        s.available() ? "yes" : "no", s.reason()));
            }
            b.append("\ndevices:");
            if (r.devices().isEmpty()) {
                b.append(" none");
            }
            for (var d : r.devices()) {
                b.append("\n  device:").append(d);
            }
            var c = r.current();
            b.append("\ndevice port: ").append(c == null ? "no device running"
                    : c.backend() + " '" + c.name() + "' " + c.state());
            if (here != null) {
                print(here, b.toString());
            } else {
                print(b.toString());
            }
            return 0;
        }
    }

    @Command(name = "controller", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show the device's controller mapping and the mappings there are, or switch to one "
                    + "(used at once and at the next start).")
    static final class ControllerCmd extends RemoteCommand {
        @CommandLine.Parameters(arity = "0..1", paramLabel = "NAME",
                description = "A mapping of presets/controllers (e.g. nanokontrol2) or a .json file.")
        String name;

        @Override
        public Integer call() throws Exception {
            DeviceReply.Controller r = call(new DeviceRequest.Controller(name == null ? null
                    : Remote.presetName(main, org.hitlmidi.midi.ControllerConfig.KIND, name)));
            var m = r.mapping();
            StringBuilder b = new StringBuilder("controller: ").append(m.name()).append(" (")
                    .append(m.controls().size()).append(" controls, rest ")
                    .append(m.commit() == null ? 0 : m.commit().restMs()).append(" ms)");
            m.controls().entrySet().forEach(e -> {
                var c = e.getValue();
                int ch = c.channel() != null ? c.channel() : m.channel();
                b.append(String.format(java.util.Locale.ROOT, "%n  %-12s ch %-2d %s %d", e.getKey(), ch,
                        c.note() != null ? "note" : "CC", c.note() != null ? c.note() : c.cc()));
            });
            b.append("\navailable: ");
            java.util.List<String> names = new java.util.ArrayList<>();
            names.addAll(r.available());
            b.append(String.join(", ", names));
            print(b.toString());
            return 0;
        }
    }

    @Command(name = "learner", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show the profile's learner and the learner presets there are, or switch the profile to "
                    + "another learner (stored; rebuilt from the profile's ratings).")
    static final class LearnerCmd extends RemoteCommand {
        @CommandLine.Parameters(arity = "0..1", paramLabel = "NAME",
                description = "A learner preset (e.g. paper, taste-model) or a .json file.")
        String name;

        @Override
        public Integer call() throws Exception {
            DeviceReply.Learner r = call(new DeviceRequest.Learner(name == null ? null
                    : Remote.presetName(main, org.hitlmidi.learn.LearnerConfig.KIND, name)));
            long n = r.ratings();
            String ratings = n + (n == 1 ? " rating" : " ratings");
            java.util.List<String> names = new java.util.ArrayList<>();
            names.addAll(r.available());
            print("learner: " + r.learner() + (name == null ? " (" + ratings + ")"
                    : " (rebuilt from " + ratings + ")") + "\navailable: " + String.join(", ", names));
            return 0;
        }
    }

    @Command(name = "clock", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show the device's MIDI clock, or set its mode: off; send (each track starts the clock at "
                    + "its tempo); follow (tracks start on the next bar of an incoming clock, at its tempo).")
    static final class ClockCmd extends RemoteCommand {
        @CommandLine.Parameters(arity = "0..1", paramLabel = "MODE", description = "off, send or follow")
        String mode;

        @Override
        public Integer call() throws Exception {
            DeviceReply.ClockState r = call(new DeviceRequest.Clock(mode));
            var c = r.clock();
            String incoming = c.incomingTempo() != null
                    ? String.format(java.util.Locale.ROOT, "%.2f BPM, %s", c.incomingTempo(),
                    c.incomingRunning() ? "running" : "stopped")
                    : "none";
            print("clock: " + c.mode() + (c.sending() ? " (sending)" : "")
                    + "\nincoming clock: " + incoming);
            return 0;
        }
    }

    @Command(name = "quantize", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show or set where changes land while a track plays (a new track, a new tempo or mute): "
                    + "bar (the playing loop's next bar line, the default), beat, or off (at once).")
    static final class QuantizeCmd extends RemoteCommand {
        @CommandLine.Parameters(arity = "0..1", paramLabel = "MODE", description = "bar, beat or off")
        String mode;

        @Override
        public Integer call() throws Exception {
            DeviceReply.Quantize r = call(new DeviceRequest.Quantize(mode));
            var p = r.pending();
            print("quantize: " + r.quantize() + (p == null ? ""
                    : "\npending: " + p.kind() + " change at bar " + p.bar() + " (in " + p.inMs() + " ms)"));
            return 0;
        }
    }

    @Command(name = "follow", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show key and chord follow, or switch one: 'follow key on' lets the notes you play into the "
                    + "device's input set its key and scale, 'follow chords on' lets the chords you hold there set "
                    + "its progression (the next loop moves there on its next bar line).")
    static final class FollowCmd extends RemoteCommand {
        @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "WHAT", description = "key or chords")
        String what;

        @CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "ON|OFF", description = "on or off")
        String state;

        @Override
        public Integer call() throws Exception {
            if (what != null && !what.equals("key") && !what.equals("chords")) {
                throw new IllegalArgumentException("follow '" + what + "': only key or chords can be followed");
            }
            Boolean on = null;
            if (state != null) {
                if (!state.equals("on") && !state.equals("off")) {
                    throw new IllegalArgumentException("follow " + what + " '" + state + "': use on or off");
                }
                on = state.equals("on");
            }
            boolean chords = "chords".equals(what);
            DeviceReply.Follow r = call(new DeviceRequest.Follow(chords ? null : on, chords ? on : null));
            var k = r.follow();
            print("key follow: " + (k.key() ? "on" : "off")
                    + (k.heard() != null ? "\nheard: " + k.heard().key() + " (correlation "
                    + k.heard().correlation() + ")" : "")
                    + (k.candidate() != null ? "\ncandidate: " + k.candidate() : "")
                    + "\nchord follow: " + (Boolean.TRUE.equals(k.chords()) ? "on" : "off")
                    + (k.held() != null ? "\nheld: " + k.held() : "")
                    + (k.progression() != null ? "\nprogression: " + k.progression() : ""));
            return 0;
        }
    }
}
