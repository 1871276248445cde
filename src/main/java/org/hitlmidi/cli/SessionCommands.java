package org.hitlmidi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hitlmidi.control.DeviceRequest;
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

        ObjectNode call(String cmd, ObjectNode fields) throws java.io.IOException {
            return Remote.call(main, cmd, fields);
        }

        /** A typed request, encoded by {@link org.hitlmidi.control.DeviceClient}. */
        ObjectNode call(DeviceRequest request) throws java.io.IOException {
            return Remote.call(main, request);
        }

        void print(ObjectNode reply, String human) {
            Remote.print(spec.commandLine().getOut(), json, reply, human);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show the running device: profile, learner, parameters, port, current track. "
                    + "Exit code 3 when no device runs.")
    static final class Status extends RemoteCommand {
        static final int NOT_RUNNING = 3;

        @Override
        public Integer call() throws Exception {
            ObjectNode r;
            try {
                r = call(new DeviceRequest.Status());
            } catch (org.hitlmidi.control.DeviceNotRunningException e) {
                spec.commandLine().getErr().println("hitl-midi: " + e.getMessage());
                return NOT_RUNNING;
            }
            var p = r.path("port");
            print(r, "device " + r.path("version").asText() + " (pid " + r.path("pid").asLong() + ") on "
                    + main.socket() + "\nprofile:  " + r.path("profile").asText() + ", learner "
                    + r.path("learner").asText() + ": " + r.path("ratings").asLong() + " ratings, "
                    + r.path("updates").asLong() + " updates, " + r.path("entries").asLong() + " Q entries"
                    + "\nparams:   " + Remote.params(r.path("params"))
                    + "\nport:     " + p.path("backend").asText() + " '" + p.path("name").asText() + "' "
                    + p.path("state").asText()
                    + "\ncurrent:  " + Remote.track(r.path("track")) + (r.path("playing").asBoolean() ? " (playing)" : "")
                    + "\ninput:    controller " + r.path("controller").path("name").asText() + " ("
                    + r.path("controller").path("controls").size() + " controls), clock "
                    + r.path("clock").path("mode").asText("off") + ", quantize " + r.path("quantize").asText("bar")
                    + (r.has("pending") ? "\npending:  " + r.path("pending").path("kind").asText() + " change at bar "
                    + r.path("pending").path("bar").asLong() + " (in " + r.path("pending").path("inMs").asLong() + " ms)"
                    : ""));
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
            ObjectNode set = Remote.fields();
            live(set, "swing", swing, "style");
            live(set, "humanize", humanize, "style");
            live(set, "density", density, "auto");
            live(set, "register", register, "auto");
            if (intensity != null) {
                set.put("intensity", intensity);
            }
            if (levels != null) {
                for (var e : levels.entrySet()) {
                    set.put("level_" + org.hitlmidi.music.Part.parse(e.getKey()).id(), e.getValue());
                }
            }
            if (partPrograms != null) {
                for (var e : partPrograms.entrySet()) {
                    String name = "program_" + org.hitlmidi.music.Part.parse(e.getKey()).id();
                    if (e.getValue().equalsIgnoreCase("style")) {
                        set.putNull(name);
                    } else {
                        try {
                            set.put(name, Integer.parseInt(e.getValue().strip()));
                        } catch (NumberFormatException x) {
                            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--part-program "
                                    + e.getKey() + "=" + e.getValue() + ": a program is a whole number 0..127 or 'style'");
                        }
                    }
                }
            }
            TrackOptions o = track.options;
            if (o.style != null) {
                TrackOptions.style(main.presets(), o.style, TrackParams.defaults()); // refuses a bad style here
                set.put("style", Remote.presetName(main, "styles", o.style)); // key, tempo, meter, bars, parts...
                var style = main.presets().load("styles", o.style).json();
                for (String f : new String[] {"length", "channel", "kit"}) {
                    if (style.has(f)) {
                        set.set(f, style.get(f));
                    }
                }
            }
            if (o.bars != null) {
                set.put("bars", o.bars);
            }
            if (o.meter != null) {
                set.put("meter", o.meter);
            }
            if (mute != null) {
                var m = set.putArray("mute");
                if (!mute.equals("none")) {
                    for (String part : mute.split(",")) {
                        m.add(org.hitlmidi.music.Part.parse(part).id());
                    }
                }
            }
            if (solo != null) {
                if (solo.equals("none")) {
                    set.putNull("solo");
                } else {
                    set.put("solo", org.hitlmidi.music.Part.parse(solo).id());
                }
            }
            if (o.base != null) {
                set.put("base", o.base);
            }
            if (o.scale != null) {
                set.put("scale", o.scale);
            }
            if (o.length != null) {
                set.put("length", o.length);
            }
            if (o.tempo != null) {
                set.put("tempo", o.tempo);
            }
            if (o.channel != null) {
                set.put("channel", o.channel);
            }
            if (o.program != null) {
                set.put("program", o.program);
            }
            if (o.kit != null) {
                set.put("kit", Remote.presetName(main, "kits", o.kit));
            }
            if (exploration != null) {
                if (exploration.equals("default")) {
                    set.putNull("exploration");
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
                    set.put("exploration", e);
                }
            }
            if (loop != null) {
                set.put("loop", loop);
            }
            ObjectNode f = Remote.fields();
            if (!set.isEmpty()) {
                f.set("set", set);
            }
            ObjectNode r = call("params", f);
            var ch = r.path("lands");
            print(r, Remote.params(r.path("params")) + (ch.has("bar") ? "\n" + (r.path("material").asBoolean()
                    ? "a new track" : "the change") + " is heard from bar " + ch.path("bar").asLong()
                    + " (in " + ch.path("inMs").asLong() + " ms)" : ""));
            return 0;
        }
    }

    /** A live parameter given as a number, or {@code reset} for null (the style's or composer's own). */
    static void live(ObjectNode set, String name, String text, String reset) {
        if (text == null) {
            return;
        }
        if (text.equals(reset)) {
            set.putNull(name);
            return;
        }
        try {
            double v = Double.parseDouble(text);
            if (v == Math.rint(v) && (name.equals("density") || name.equals("register"))) {
                set.put(name, (int) v);
            } else {
                set.put(name, v);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " '" + text + "' must be a number or " + reset);
        }
    }

    @Command(name = "next", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Skip the current track without rating it: the learner edits it and the result plays.")
    static final class Next extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            ObjectNode r = call(new DeviceRequest.Next());
            print(r, "playing " + Remote.track(r.path("track")));
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Play the current track again.")
    static final class Replay extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            ObjectNode r = call(new DeviceRequest.Replay());
            print(r, "playing track " + r.path("trackId").asLong() + " again");
            return 0;
        }
    }

    @Command(name = "play", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Play the current track.")
    static final class Play extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            ObjectNode r = call(new DeviceRequest.Play());
            print(r, "playing track " + r.path("trackId").asLong());
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
            ObjectNode r = call(new DeviceRequest.Rate(overall, musicality == null ? null : check("--musicality", musicality),
                    novelty == null ? null : check("--novelty", novelty),
                    coherence == null ? null : check("--coherence", coherence), p.isEmpty() ? null : p, trackId, "cli",
                    noNext ? false : null));
            String s = "stored rating " + r.path("ratingId").asLong() + " (" + Remote.rating(r.path("rating"))
                    + ") of track " + r.path("trackId").asLong() + "; learner: " + r.path("updates").asLong()
                    + " updates, " + r.path("entries").asLong() + " Q entries";
            if (r.has("track")) {
                s += "\nplaying " + Remote.track(r.path("track"));
            }
            print(r, s);
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
            ObjectNode r = call(new DeviceRequest.Undo());
            print(r, "undid rating " + r.path("ratingId").asLong() + "; playing " + Remote.track(r.path("track")));
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
            ObjectNode r = call(new DeviceRequest.History(limit));
            var list = r.path("ratings");
            long total = r.path("total").asLong();
            long undone = r.path("undone").asLong();
            StringBuilder b = new StringBuilder("profile '").append(r.path("profile").asText()).append("': ")
                    .append(total).append(total == 1 ? " rating" : " ratings");
            if (undone > 0) {
                b.append(" (").append(r.path("stored").asLong()).append(" stored, ").append(undone).append(" undone)");
            }
            if (list.size() < r.path("stored").asInt()) {
                b.append(", the last ").append(list.size()).append(" shown");
            }
            for (var x : list) {
                b.append(String.format(java.util.Locale.ROOT, "%n  #%-5d episode %-4d %-32s %-8s %s%s",
                        x.path("ratingId").asLong(), x.path("episode").asInt(), Remote.rating(x.path("rating")),
                        x.path("source").asText(), x.path("time").asText(), x.path("undone").asBoolean() ? "  (undone)" : ""));
            }
            print(r, b.toString());
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
            ObjectNode f = Remote.fields();
            if (note != null) {
                f.put("note", note);
            }
            ObjectNode r = call("keep", f);
            print(r, "kept track " + r.path("trackId").asLong() + " as " + r.path("keptId").asLong());
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
            ObjectNode f = Remote.fields().put("path", file.toAbsolutePath().normalize().toString());
            if (kept != null) {
                f.put("keptId", kept);
            }
            ObjectNode r = call("export", f);
            print(r, "wrote " + r.path("path").asText());
            return 0;
        }
    }

    @Command(name = "panic", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "All notes off on every channel of the device's port.")
    static final class Panic extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            print(call(new DeviceRequest.Panic()), "all notes off");
            return 0;
        }
    }

    @Command(name = "ports", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "List the MIDI backends (which can be used here, and why), the OS's MIDI devices for "
                    + "--backend device:NAME, and the port a running device uses.")
    static final class PortsCmd extends RemoteCommand {
        @Override
        public Integer call() throws Exception {
            ObjectNode r;
            try {
                r = call(new DeviceRequest.Ports());
            } catch (org.hitlmidi.control.DeviceNotRunningException e) {
                r = org.hitlmidi.device.Device.portsJson(org.hitlmidi.midi.PortOptions.defaults(main.dataDir()));
            }
            StringBuilder b = new StringBuilder("backends:");
            for (var s : r.path("backends")) {
                b.append(String.format(java.util.Locale.ROOT, "%n  %-9s %-3s %s", s.path("name").asText(),
                        s.path("available").asBoolean() ? "yes" : "no", s.path("reason").asText()));
            }
            b.append("\ndevices:");
            if (r.path("devices").isEmpty()) {
                b.append(" none");
            }
            for (var d : r.path("devices")) {
                b.append("\n  device:").append(d.asText());
            }
            var c = r.path("current");
            b.append("\ndevice port: ").append(c.isMissingNode() ? "no device running"
                    : c.path("backend").asText() + " '" + c.path("name").asText() + "' " + c.path("state").asText());
            print(r, b.toString());
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
            ObjectNode r = call("controller", name == null ? null
                    : org.hitlmidi.control.Protocol.nodes().objectNode().put("name",
                    Remote.presetName(main, "controllers", name)));
            var m = r.path("mapping");
            StringBuilder b = new StringBuilder("controller: ").append(m.path("name").asText()).append(" (")
                    .append(m.path("controls").size()).append(" controls, rest ")
                    .append(m.path("commit").path("restMs").asInt()).append(" ms)");
            m.path("controls").fields().forEachRemaining(e -> {
                var c = e.getValue();
                int ch = c.has("channel") ? c.get("channel").asInt() : m.path("channel").asInt(1);
                b.append(String.format(java.util.Locale.ROOT, "%n  %-12s ch %-2d %s %d", e.getKey(), ch,
                        c.has("note") ? "note" : "CC", c.has("note") ? c.get("note").asInt() : c.path("cc").asInt()));
            });
            b.append("\navailable: ");
            java.util.List<String> names = new java.util.ArrayList<>();
            r.path("available").forEach(n -> names.add(n.asText()));
            b.append(String.join(", ", names));
            print(r, b.toString());
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
            ObjectNode r = call(new DeviceRequest.Learner(name == null ? null
                    : Remote.presetName(main, "learners", name)));
            long n = r.path("ratings").asLong();
            String ratings = n + (n == 1 ? " rating" : " ratings");
            java.util.List<String> names = new java.util.ArrayList<>();
            r.path("available").forEach(x -> names.add(x.asText()));
            print(r, "learner: " + r.path("learner").asText() + (name == null ? " (" + ratings + ")"
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
            ObjectNode r = call(new DeviceRequest.Clock(mode));
            var c = r.path("clock");
            String incoming = c.has("incomingTempo")
                    ? String.format(java.util.Locale.ROOT, "%.2f BPM, %s", c.path("incomingTempo").asDouble(),
                    c.path("incomingRunning").asBoolean() ? "running" : "stopped")
                    : "none";
            print(r, "clock: " + c.path("mode").asText() + (c.path("sending").asBoolean() ? " (sending)" : "")
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
            ObjectNode r = call(new DeviceRequest.Quantize(mode));
            var p = r.path("pending");
            print(r, "quantize: " + r.path("quantize").asText() + (p.isMissingNode() ? ""
                    : "\npending: " + p.path("kind").asText() + " change at bar " + p.path("bar").asLong()
                    + " (in " + p.path("inMs").asLong() + " ms)"));
            return 0;
        }
    }

    @Command(name = "follow", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show key follow, or switch it: 'follow key on' lets the notes you play into the device's "
                    + "input set its key and scale (the next loop moves there on its next bar line).")
    static final class FollowCmd extends RemoteCommand {
        @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "WHAT", description = "key")
        String what;

        @CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "ON|OFF", description = "on or off")
        String state;

        @Override
        public Integer call() throws Exception {
            if (what != null && !what.equals("key")) {
                throw new IllegalArgumentException("follow '" + what + "': only key can be followed");
            }
            Boolean on = null;
            if (state != null) {
                if (!state.equals("on") && !state.equals("off")) {
                    throw new IllegalArgumentException("follow key '" + state + "': use on or off");
                }
                on = state.equals("on");
            }
            ObjectNode r = call(new DeviceRequest.Follow(on));
            var k = r.path("follow");
            print(r, "key follow: " + (k.path("key").asBoolean() ? "on" : "off")
                    + (k.has("heard") ? "\nheard: " + k.path("heard").path("key").asText() + " (correlation "
                    + k.path("heard").path("correlation").asDouble() + ")" : "")
                    + (k.has("candidate") ? "\ncandidate: " + k.path("candidate").asText() : ""));
            return 0;
        }
    }
}
