package org.hitlmidi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

/** The live performance's commands (issue 15): a variant now, a fresh track, scenes. */
final class LiveCommands {
    private LiveCommands() {
    }

    /** One line for a change's reply: what it did, and to which track. */
    static String changed(ObjectNode r) {
        return r.path("change").asText() + ": " + (r.path("material").asBoolean()
                ? "new track " + r.path("trackId").asLong() + " (episode " + r.path("episode").asInt() + ")"
                : "feel only, track " + r.path("trackId").asLong() + " goes on");
    }

    @Command(name = "variation", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "The learner proposes a close variant of the track that plays; it plays at once.")
    static final class Variation extends SessionCommands.RemoteCommand {
        @Override
        public Integer call() throws Exception {
            ObjectNode r = call("variation", null);
            print(r, changed(r));
            return 0;
        }
    }

    @Command(name = "regenerate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "A fresh track in the style (a new episode); it plays at once.")
    static final class Regenerate extends SessionCommands.RemoteCommand {
        @Override
        public Integer call() throws Exception {
            ObjectNode r = call("regenerate", null);
            print(r, changed(r));
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
            ObjectNode f = Remote.fields().put("action", action);
            if (number != null) {
                f.put("number", number);
            }
            ObjectNode r = call("scene", f);
            switch (action) {
                case "save" -> print(r, "scene " + number + " saved: " + Remote.params(r.path("params")));
                case "recall" -> print(r, "scene " + number + " recalled (" + changed(r) + "): "
                        + Remote.params(r.path("params")));
                default -> {
                    StringBuilder b = new StringBuilder();
                    for (var sc : r.path("scenes")) {
                        b.append(b.length() == 0 ? "" : "\n").append(String.format(java.util.Locale.ROOT,
                                "%3d  %s, %s %s, %s BPM", sc.path("number").asInt(), sc.path("style").asText(),
                                sc.path("base").asText(), sc.path("scale").asText(), Remote.num(sc.path("tempo").asDouble())));
                    }
                    print(r, b.length() == 0 ? "no scenes saved in this profile" : b.toString());
                }
            }
            return 0;
        }
    }
}
