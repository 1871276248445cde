package org.hitlmidi.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Request;

/**
 * The {@code cli} request: a session command line of the CLI ({@code hitl-midi rate 7}) run inside the device, whose
 * JVM is warm, and what it printed sent back. The CLI's quick path (cli.QuickClient) sends it so that a command costs
 * a small JVM start and a round trip instead of a JVM that loads the whole command tree and Jackson. The runner is
 * the CLI's, set by the {@code device} command (the device layer knows no CLI); a device started without it (tests,
 * an embedding) answers {@code unknown_command}, and the quick path then runs the command the long way.
 */
public final class CommandLines {
    /** Command lines longer than this are refused (a person's command line is a few words). */
    static final int MAX_ARGS = 64;
    static final int MAX_ARG = 4096;

    /** Runs a command line; what it printed on stdout and stderr and its exit code. */
    @FunctionalInterface
    public interface Runner {
        Result run(List<String> args);
    }

    public record Result(String out, String err, int code) {
    }

    private volatile Runner runner;

    void set(Runner r) {
        runner = r;
    }

    /** Not under the device's lock: the command line calls the device like any client. */
    ObjectNode run(Request r) {
        Runner x = runner;
        if (x == null) {
            throw new ControlException(ErrorCode.UNKNOWN_COMMAND, "this device runs no command lines (started without the CLI)");
        }
        JsonNode a = r.body().get("args");
        if (a == null || !a.isArray() || a.size() > MAX_ARGS) {
            throw Request.bad("args must be a list of at most " + MAX_ARGS + " strings");
        }
        List<String> args = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isTextual() || n.textValue().length() > MAX_ARG) {
                throw Request.bad("args must be strings of at most " + MAX_ARG + " characters: " + Request.shorten(n));
            }
            args.add(n.textValue());
        }
        Result res = x.run(args);
        ObjectNode o = DeviceViews.body();
        o.put("out", res.out());
        o.put("err", res.err());
        o.put("code", res.code());
        return o;
    }
}
