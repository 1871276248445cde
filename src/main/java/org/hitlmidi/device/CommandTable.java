package org.hitlmidi.device;

import static org.hitlmidi.device.DeviceViews.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ControlServer;
import org.hitlmidi.control.DeviceRequest;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.control.Request;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.Part;

/**
 * The protocol's command table: one {@link Command} per command of {@link DeviceRequest#commands()} (its name, its
 * typed request record, whose components are the fields it takes, and its handler), the server's dispatch, and
 * the reading of each request's fields. {@code CommandTableTest} proves docs/protocol.md lists the same commands
 * with the same fields.
 */
final class CommandTable {
    /** One protocol command: its name, its request record (the fields it takes besides id and cmd) and what it does. */
    record Command(String name, Class<? extends DeviceRequest> request,
                   BiFunction<Request, ControlServer.Caller, ObjectNode> handler) {
        /** The request fields it takes (besides id and cmd): its record's components. */
        Set<String> fields() {
            return DeviceRequest.fields(request);
        }
    }

    private final Map<String, Command> table;

    /** The table of {@code d}'s handlers, in the order docs/protocol.md lists the commands. */
    CommandTable(Device d, Consumer<String> log, Runnable stopRequest) {
        Map<String, BiFunction<Request, ControlServer.Caller, ObjectNode>> h = new LinkedHashMap<>();
        h.put("status", (r, c) -> d.status());
        h.put("params", (r, c) -> d.params(r.optObject("set").orElse(body())));
        h.put("play", (r, c) -> d.play());
        h.put("next", (r, c) -> d.next());
        h.put("replay", (r, c) -> d.replay());
        h.put("variation", (r, c) -> d.change(Change.of(Change.Kind.VARIATION, "control")));
        h.put("regenerate", (r, c) -> d.change(Change.of(Change.Kind.REGENERATE, "control")));
        h.put("scene", (r, c) -> d.scene(r.optText("action").orElse("list"), r.optInteger("number", 1, Scenes.MAX)));
        h.put("rate", (r, c) -> d.rate(rating(r), source(r), r.optLong("trackId"), r.bool("next", true)));
        h.put("undo", (r, c) -> d.undo());
        h.put("history", (r, c) -> d.history(r.optInteger("limit", 1, Device.MAX_HISTORY).orElse(Device.DEFAULT_HISTORY)));
        h.put("keep", (r, c) -> d.keep(r.optText("note").map(CommandTable::checkNote).orElse("")));
        h.put("export", (r, c) -> d.export(exportPath(r.text("path")), r.optLong("keptId")));
        h.put("profile", (r, c) -> d.profile(r.optText("name"), r.bool("create", false)));
        h.put("learner", (r, c) -> d.learner(r.optText("name")));
        h.put("ports", (r, c) -> d.ports());
        h.put("panic", (r, c) -> d.panic());
        h.put("learn", (r, c) -> d.controllers().learn(r.optText("control"), r.bool("cancel", false)));
        h.put("controller", (r, c) -> d.controllers().select(r.optText("name")));
        h.put("clock", (r, c) -> d.clock(r.optText("mode")));
        h.put("quantize", (r, c) -> d.quantize(r.optText("mode")));
        h.put("follow", (r, c) -> d.follow(r.has("key") ? Optional.of(r.bool("key", false)) : Optional.empty(),
                r.has("chords") ? Optional.of(r.bool("chords", false)) : Optional.empty()));
        h.put("cli", (r, c) -> d.commandLines().run(r));
        h.put("subscribe", (r, c) -> {
            c.subscribe(eventNames(r));
            return body();
        });
        h.put("stop", (r, c) -> {
            log.accept("stop requested by a client");
            c.afterReply(stopRequest);
            return body();
        });
        Map<String, Command> t = new LinkedHashMap<>();
        DeviceRequest.commands().forEach((name, request) -> {
            var handler = h.remove(name);
            if (handler == null) {
                throw new IllegalStateException("no handler for the command " + name);
            }
            t.put(name, new Command(name, request, handler));
        });
        if (!h.isEmpty()) {
            throw new IllegalStateException("handlers for commands with no request record: " + h.keySet());
        }
        table = java.util.Collections.unmodifiableMap(t);
    }

    /** The commands, in the order docs/protocol.md lists them. */
    List<Command> commands() {
        return List.copyOf(table.values());
    }

    /** The server's dispatch: checks the command and its fields, then runs its handler. */
    ObjectNode handle(Request r, ControlServer.Caller caller) {
        Command command = table.get(r.cmd());
        if (command == null) {
            throw new ControlException(ErrorCode.UNKNOWN_COMMAND, "unknown command '" + r.cmd() + "'");
        }
        Set<String> fields = command.fields();
        for (Iterator<String> it = r.body().fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("id") && !f.equals("cmd") && !fields.contains(f)) {
                throw Request.bad("unknown field '" + f + "' for " + r.cmd()
                        + (fields.isEmpty() ? " (it takes none)" : "; known: " + new TreeSet<>(fields)));
            }
        }
        return command.handler().apply(r, caller);
    }

    private static Rating rating(Request r) {
        int overall = r.integer("overall", Rating.MIN, Rating.MAX);
        Map<Aspect, Integer> aspects = new EnumMap<>(Aspect.class);
        for (Aspect a : Aspect.values()) {
            r.optInteger(a.id(), Rating.MIN, Rating.MAX).ifPresent(v -> aspects.put(a, v));
        }
        return new Rating(overall, aspects, parts(r));
    }

    /** The optional part ratings, {"bass": 3, "drums": 9}: each a part's name and a whole number 1..10. */
    private static Map<Part, Integer> parts(Request r) {
        Map<Part, Integer> out = new EnumMap<>(Part.class);
        r.optObject("parts").ifPresent(o -> o.fields().forEachRemaining(e -> {
            Part p;
            try {
                p = Part.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw Request.bad("parts: " + ex.getMessage());
            }
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < Rating.MIN || v.intValue() > Rating.MAX) {
                throw Request.bad("parts: " + p.id() + " must be a whole number 1..10, not " + Request.shorten(v));
            }
            out.put(p, v.intValue());
        }));
        return out;
    }

    private static String source(Request r) {
        String s = r.optText("source").orElse("control");
        if (!s.matches("[A-Za-z0-9._-]{1,32}")) {
            throw Request.bad("source must be 1..32 letters, digits, '.', '_' or '-' (e.g. panel, cli, cc)");
        }
        return s;
    }

    private static String checkNote(String note) {
        if (note.length() > 1000) {
            throw Request.bad("note is longer than 1000 characters");
        }
        return note;
    }

    private static Path exportPath(String text) {
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw Request.bad("path '" + text + "' is not a valid path: " + e.getReason());
        }
        if (!p.isAbsolute()) {
            throw Request.bad("path '" + text + "' must be absolute (the device does not share the client's folder)");
        }
        if (!p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mid")) {
            throw Request.bad("path '" + text + "' must end in .mid");
        }
        return p.normalize();
    }

    private static Set<String> eventNames(Request r) {
        JsonNode e = r.body().get("events");
        if (e == null || e.isNull()) {
            return Set.of();
        }
        if (!e.isArray()) {
            throw Request.bad("events must be a list of event names: " + new TreeSet<>(Protocol.EVENTS));
        }
        Set<String> out = new HashSet<>();
        for (JsonNode n : e) {
            if (!n.isTextual() || !Protocol.EVENTS.contains(n.textValue())) {
                throw Request.bad("unknown event " + Request.shorten(n) + "; known: " + new TreeSet<>(Protocol.EVENTS));
            }
            out.add(n.textValue());
        }
        if (out.isEmpty()) {
            throw Request.bad("events is empty: name at least one, or leave it out for all");
        }
        return out;
    }
}
