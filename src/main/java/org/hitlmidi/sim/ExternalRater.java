package org.hitlmidi.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.Track;

/**
 * A listener in another process (--rater-cmd): one absolute .mid path per line on its stdin, one rating line
 * per path on its stdout. Errors, nonsense, silence past the timeout and death all end the run with a
 * message naming the command; the last lines of its stderr are quoted.
 */
public final class ExternalRater implements Rater {
    private static final String EOF = new String("<eof>"); // identity marks the end of stdout
    private final String command;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final Duration timeout;

    public ExternalRater(String command, Duration timeout) throws RaterException {
        this.command = command;
        this.timeout = timeout;
        List<String> argv = split(command);
        if (argv.isEmpty()) {
            throw new RaterException("the rater command is empty");
        }
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new RaterException("cannot start rater '" + command + "': " + e.getMessage(), e);
        }
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), true), "rater-stdout");
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), false), "rater-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    private void pump(BufferedReader r, boolean isStdout) {
        try (r) {
            for (String l; (l = r.readLine()) != null; ) {
                if (isStdout) {
                    lines.add(l);
                } else {
                    synchronized (stderrTail) {
                        stderrTail.addLast(l);
                        if (stderrTail.size() > 5) {
                            stderrTail.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // the process went away; reported through EOF below
        } finally {
            if (isStdout) {
                lines.add(EOF);
            }
        }
    }

    @Override
    public String name() {
        return "'" + command + "'";
    }

    @Override
    public Rating rate(Track track, Path midiFile) throws RaterException {
        try {
            stdin.write(midiFile.toAbsolutePath() + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new RaterException("rater " + name() + " stopped reading its input" + exitInfo(), e);
        }
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaterException("interrupted while waiting for rater " + name(), e);
        }
        if (line == null) {
            throw new RaterException("rater " + name() + " gave no answer within " + timeout.toMillis() + " ms");
        }
        if (line == EOF) {
            lines.add(EOF);
            throw new RaterException("rater " + name() + " ended without answering" + exitInfo());
        }
        return RatingLine.parse(name(), line);
    }

    private String exitInfo() {
        StringBuilder b = new StringBuilder();
        try {
            if (process.waitFor(500, TimeUnit.MILLISECONDS)) {
                b.append(" (exit code ").append(process.exitValue()).append(')');
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            if (!stderrTail.isEmpty()) {
                b.append("; its stderr ends: ").append(String.join(" | ", stderrTail));
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Splits a command line on spaces, keeping "double" or 'single' quoted parts together. */
    static List<String> split(String cmd) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : cmd.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
