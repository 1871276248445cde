package org.hitlmidi.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hitlmidi.control.Peers;
import org.hitlmidi.control.SocketPaths;
import org.hitlmidi.device.CommandLines;
import org.hitlmidi.store.DataDirs;

/**
 * The CLI's quick path: a session command ({@code hitl-midi rate 7}, {@code status}, ...) to a running device is sent
 * whole as a {@code cli} request and run inside the device, whose JVM is warm; this side loads neither picocli's
 * command tree nor Jackson (issue 13: a command cost a JVM start of about 0.7 s idle, 2.4 to 3.3 s under load). Any
 * other command, no socket, a device that does not answer or does not know {@code cli}: the long way, {@link Main}.
 * The device runs the same {@link Main} ({@link #runInDevice}), so what is printed and the exit code are the same.
 */
final class QuickClient {
    /** Session commands whose every argument means the same in the device (no file of this folder, no terminal). */
    static final Set<String> COMMANDS = Set.of("status", "params", "play", "next", "replay", "rate", "variation",
            "regenerate", "scene", "undo", "history", "keep", "panic", "ports", "learner", "clock", "quantize", "follow");
    private static final int MAX_REPLY = 16 << 20;

    private QuickClient() {
    }

    /** The command's exit code, or -1 when it goes the long way (nothing was run then). */
    static int tryRun(String[] args, PrintStream out, PrintStream err) {
        if ("0".equals(System.getenv("HITL_QUICK_CLI"))) {
            return -1;
        }
        Path dataDir = null;
        Path socket = null;
        boolean debug = false;
        int i = 0;
        try {
            for (; i < args.length; i++) {
                String a = args[i];
                if ((a.equals("--data-dir") || a.equals("--socket")) && i + 1 < args.length) {
                    Path p = Path.of(args[++i]);
                    if (a.equals("--data-dir")) {
                        dataDir = p;
                    } else {
                        socket = p;
                    }
                } else if (a.startsWith("--data-dir=")) {
                    dataDir = Path.of(a.substring("--data-dir=".length()));
                } else if (a.startsWith("--socket=")) {
                    socket = Path.of(a.substring("--socket=".length()));
                } else if (a.equals("--debug")) {
                    debug = true;
                } else {
                    break;
                }
            }
        } catch (java.nio.file.InvalidPathException e) {
            return -1;
        }
        if (i >= args.length || !COMMANDS.contains(args[i])) {
            return -1;
        }
        Path data = DataDirs.dataDir(Optional.ofNullable(dataDir)).toAbsolutePath();
        Path sock = SocketPaths.socket(Optional.ofNullable(socket), data, DataDirs.dataDir(Optional.empty()))
                .toAbsolutePath();
        if (!Files.exists(sock)) {
            return -1;
        }
        List<String> sent = new ArrayList<>(List.of("--data-dir", data.toString(), "--socket", sock.toString()));
        if (debug) {
            sent.add("--debug");
        }
        sent.addAll(List.of(args).subList(i, args.length));
        Map<String, Object> reply;
        try {
            reply = call(sock, sent);
        } catch (IOException | IllegalArgumentException e) {
            return -1; // the long way says what is wrong, as it always did
        }
        if (!Boolean.TRUE.equals(reply.get("ok")) || !(reply.get("code") instanceof Long code)) {
            return -1; // an older device (unknown_command) or a refusal: nothing ran
        }
        out.print(reply.getOrDefault("out", ""));
        out.flush();
        err.print(reply.getOrDefault("err", ""));
        err.flush();
        return (int) (long) code;
    }

    /** The system property that names the JVM's SelectorProvider (java.nio.channels.spi.SelectorProvider's javadoc). */
    static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    /**
     * Names this JDK's own default SelectorProvider in {@link #SELECTOR_PROVIDER} when nothing is named yet, so that
     * opening the socket does not look for a provider service on the class path: that lookup opens the whole
     * application jar (8,000 entries, the client's largest single cost after the JVM itself; issue 13, start-up). The
     * class is the one the JDK picks for the OS when no service is found; when this JDK has no such class nothing is
     * set and the lookup runs as always.
     */
    static void defaultSelectorProvider(String osName) {
        if (System.getProperty(SELECTOR_PROVIDER) != null) {
            return;
        }
        String os = osName.toLowerCase(java.util.Locale.ROOT);
        String name = os.contains("linux") ? "sun.nio.ch.EPollSelectorProvider"
                : os.contains("mac") || os.contains("darwin") ? "sun.nio.ch.KQueueSelectorProvider"
                : os.contains("win") ? "sun.nio.ch.WindowsSelectorProvider" : null;
        if (name == null) {
            return;
        }
        try {
            Class<?> c = Class.forName(name, false, null); // java.base's, not initialised
            if (java.nio.channels.spi.SelectorProvider.class.isAssignableFrom(c)
                    && java.lang.reflect.Modifier.isPublic(c.getConstructor().getModifiers())) {
                System.setProperty(SELECTOR_PROVIDER, name);
            }
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            // another JDK: the provider lookup as always
        }
    }

    private static Map<String, Object> call(Path sock, List<String> args) throws IOException {
        defaultSelectorProvider(System.getProperty("os.name", ""));
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            if (Peers.foreignUser(ch) != null) {
                throw new IOException("a foreign peer"); // the long way refuses it with the full message
            }
            StringBuilder b = new StringBuilder("{\"cmd\":\"cli\",\"args\":[");
            for (int k = 0; k < args.size(); k++) {
                b.append(k == 0 ? "" : ",");
                quote(b, args.get(k));
            }
            ch.write(ByteBuffer.wrap(b.append("]}\n").toString().getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    throw new IOException("the device closed the connection");
                }
                for (int k = 0; k < n; k++) {
                    byte c = buf.get(k);
                    if (c == '\n') {
                        return new Json(line.toString(StandardCharsets.UTF_8)).object();
                    }
                    line.write(c);
                }
                if (line.size() > MAX_REPLY) {
                    throw new IOException("reply too long");
                }
            }
        }
    }

    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** What the device does with a `cli` request, each command line on a tree built ahead ({@link TreesAhead}). */
    static CommandLines.Runner inDevice() {
        TreesAhead trees = new TreesAhead();
        return args -> runInDevice(args, trees::take);
    }

    /** What the device does with a `cli` request: the same {@link Main}, its output caught. */
    static CommandLines.Result runInDevice(List<String> args) {
        return runInDevice(args, Main::tree);
    }

    private static CommandLines.Result runInDevice(List<String> args, java.util.function.Supplier<Main.Tree> tree) {
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("--")) {
            i += args.get(i).equals("--debug") || args.get(i).contains("=") ? 1 : 2;
        }
        if (i >= args.size() || !COMMANDS.contains(args.get(i))) {
            return new CommandLines.Result("", "hitl-midi: " + (i >= args.size() ? "no command" : "'" + args.get(i) + "'")
                    + " does not run inside the device\n", Main.USAGE);
        }
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = tree.get().run(args.toArray(new String[0]), new PrintWriter(o, true), new PrintWriter(e, true));
        return new CommandLines.Result(o.toString(), e.toString(), code);
    }

    /** Just enough JSON for the device's replies: objects, arrays, strings, numbers (as Long or Double), true/false/null. */
    static final class Json {
        private final String s;
        private int p;

        Json(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Object v = value();
            ws();
            if (!(v instanceof Map<?, ?>) || p != s.length()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            return m;
        }

        private void ws() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }

        private char next() {
            if (p >= s.length()) {
                throw new IllegalArgumentException("JSON ends early");
            }
            return s.charAt(p++);
        }

        private Object value() {
            ws();
            char c = next();
            switch (c) {
                case '{' -> {
                    Map<String, Object> m = new HashMap<>();
                    ws();
                    if (s.startsWith("}", p)) {
                        p++;
                        return m;
                    }
                    do {
                        ws();
                        if (next() != '"') {
                            throw new IllegalArgumentException("a key expected");
                        }
                        String k = string();
                        ws();
                        if (next() != ':') {
                            throw new IllegalArgumentException("':' expected");
                        }
                        m.put(k, value());
                        ws();
                        c = next();
                    } while (c == ',');
                    if (c != '}') {
                        throw new IllegalArgumentException("'}' expected");
                    }
                    return m;
                }
                case '[' -> {
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.startsWith("]", p)) {
                        p++;
                        return l;
                    }
                    do {
                        l.add(value());
                        ws();
                        c = next();
                    } while (c == ',');
                    if (c != ']') {
                        throw new IllegalArgumentException("']' expected");
                    }
                    return l;
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    int start = p - 1;
                    while (p < s.length() && ",}] \t\r\n".indexOf(s.charAt(p)) < 0) {
                        p++;
                    }
                    String w = s.substring(start, p);
                    switch (w) {
                        case "true":
                            return Boolean.TRUE;
                        case "false":
                            return Boolean.FALSE;
                        case "null":
                            return null;
                        default:
                            try {
                                return integer(w) ? (Object) Long.parseLong(w) : (Object) Double.parseDouble(w);
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException("not JSON: " + w);
                            }
                    }
                }
            }
        }

        /** -?[0-9]+, without a regex (java.util.regex would be one more thing for this JVM to start). */
        static boolean integer(String w) {
            int k = w.startsWith("-") ? 1 : 0;
            if (k == w.length()) {
                return false;
            }
            for (; k < w.length(); k++) {
                if (w.charAt(k) < '0' || w.charAt(k) > '9') {
                    return false;
                }
            }
            return true;
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (p + 4 > s.length()) {
                            throw new IllegalArgumentException("a short \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                        p += 4;
                    }
                    default -> b.append(e); // \" \\ \/
                }
            }
        }
    }
}
