package org.hitlmidi.cli;

import org.hitlmidi.control.DeviceReply;
import org.hitlmidi.control.DeviceRequest;
import picocli.CommandLine.Command;

/** The live performance's commands (issue 15): a variant now, a fresh track, scenes. */
final class LiveCommands {
    private LiveCommands() {
    }

    /** One line for a change's reply: what it did, and to which track. */
    static String changed(String change, Boolean material, Long trackId, Integer episode) {
        return change + ": " + (Boolean.TRUE.equals(material)
                ? "new track " + trackId + " (episode " + episode + ")"
                : "feel only, track " + trackId + " goes on");
    }

    static String changed(DeviceReply.Changed r) {
        return changed(r.change(), r.material(), r.trackId(), r.episode());
    }

    @Command(name = "variation", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "The learner proposes a close variant of the track that plays; it plays at once.")
    static final class Variation extends SessionCommands.RemoteCommand {
        @Override
        public Integer call() throws Exception {
            DeviceReply.Changed r = call(new DeviceRequest.Variation());
            print(changed(r));
            return 0;
        }
    }

    @Command(name = "regenerate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "A fresh track in the style (a new episode); it plays at once.")
    static final class Regenerate extends SessionCommands.RemoteCommand {
        @Override
        public Integer call() throws Exception {
            DeviceReply.Changed r = call(new DeviceRequest.Regenerate());
            print(changed(r));
            return 0;
        }
    }

    @Command(name = "scene", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Scenes: 'scene save N' keeps every parameter and the current track as scene N (1..128) of "
                    + "the profile, 'scene recall N' brings them back (a program change N-1 on the device's input "
                    + "does too), 'scene list' shows the saved ones.")
    static final class Scene extends SessionCommands.RemoteCommand {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "save|recall|list", defaultValue = "list")
        String action;

        @picocli.CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "N")
        Integer number;

        @Override
        public Integer call() throws Exception {
            if (!action.equals("save") && !action.equals("recall") && !action.equals("list")) {
                throw new IllegalArgumentException("scene '" + action + "': use save N, recall N or list");
            }
            if (!action.equals("list") && number == null) {
                throw new IllegalArgumentException("scene " + action + " needs the scene's number (1..128)");
            }
            DeviceReply.Scene r = call(new DeviceRequest.Scene(action, number));
            switch (action) {
                case "save" -> print("scene " + number + " saved: " + Remote.params(r.params()));
                case "recall" -> print("scene " + number + " recalled (" + changed(r.change(), r.material(),
                        r.trackId(), r.episode()) + "): " + Remote.params(r.params()));
                default -> {
                    StringBuilder b = new StringBuilder();
                    for (var sc : r.scenes()) {
                        b.append(b.length() == 0 ? "" : "\n").append(sc.error() != null
                                ? String.format(java.util.Locale.ROOT, "%3d  %s", sc.number(), sc.error())
                                : String.format(java.util.Locale.ROOT, "%3d  %s, %s %s, %s BPM", sc.number(), sc.style(),
                                sc.base(), sc.scale(), Remote.num(sc.tempo() == null ? 0 : sc.tempo())));
                    }
                    print(b.length() == 0 ? "no scenes saved in this profile" : b.toString());
                }
            }
            return 0;
        }
    }
}
