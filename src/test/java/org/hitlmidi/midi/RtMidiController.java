package org.hitlmidi.midi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.ExternalTools;

/**
 * A hardware controller for tests: a python-rtmidi JACK client (another MIDI stack than ours) whose output is
 * connected to one of our input ports. Each message is sent when {@link #send} returns; nothing is batched.
 */
public final class RtMidiController implements AutoCloseable {
    private static final String SCRIPT = String.join("\n",
            "import rtmidi, sys, time",
            "o = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name='testctl')",
            "ports = o.get_ports()",
            "idx = [i for i, p in enumerate(ports) if p == sys.argv[1]]",
            "if not idx:",
            "    print('no port ' + sys.argv[1] + ' in ' + repr(ports), flush=True); sys.exit(3)",
            "o.open_port(idx[0])",
            "print('ready', flush=True)",
            "for line in sys.stdin:",
            "    w = line.split()",
            "    if w[0] == 'storm':", // storm STATUS COUNT CC... : COUNT CCs cycling over the CCs, values spread
            "        st, n, ccs = int(w[1]), int(w[2]), [int(x) for x in w[3:]]",
            "        for i in range(n):",
            "            o.send_message([st, ccs[i % len(ccs)], (i * 37) % 128])",
            "            if i % 50 == 49: time.sleep(0.002)", // rtmidi's JACK ring buffer drains each period
            "    else:",
            "        o.send_message([int(x) for x in w])",
            "    print('ok', flush=True)",
            "time.sleep(0.3)", // rtmidi's JACK output drains its ring buffer in the next cycles
            "o.close_port()");

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private RtMidiController(Process process) {
        this.process = process;
        this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Opens the controller on {@code jack}'s server and connects it to {@code target} (e.g. "hitl-midi:in"). */
    public static RtMidiController open(JackDummyServer jack, String target) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ExternalTools.PYTHON, "-c", SCRIPT, target).redirectErrorStream(true);
        pb.environment().putAll(jack.environment());
        RtMidiController c = new RtMidiController(pb.start());
        String first = c.out.readLine();
        if (!"ready".equals(first)) {
            c.close();
            throw new IOException("python-rtmidi controller did not start: " + first);
        }
        return c;
    }

    public void send(int status, int data1, int data2) throws IOException {
        in.write(status + " " + data1 + " " + data2 + "\n");
        in.flush();
        String reply = out.readLine();
        if (!"ok".equals(reply)) {
            throw new IOException("python-rtmidi controller: " + reply);
        }
    }

    /** A program change 0..127, channel 1..16 (two bytes). */
    public void program(int channel, int program) throws IOException {
        in.write((0xC0 | (channel - 1)) + " " + program + "\n");
        in.flush();
        String reply = out.readLine();
        if (!"ok".equals(reply)) {
            throw new IOException("python-rtmidi controller: " + reply);
        }
    }

    /**
     * {@code count} control changes on {@code channel} as fast as the JACK client takes them, cycling over
     * {@code ccs} with values spread over 0..127; returns when python has sent them all.
     */
    public void storm(int channel, int count, int... ccs) throws IOException {
        StringBuilder b = new StringBuilder("storm ").append(0xB0 | (channel - 1)).append(' ').append(count);
        for (int cc : ccs) {
            b.append(' ').append(cc);
        }
        in.write(b.append('\n').toString());
        in.flush();
        String reply = out.readLine();
        if (!"ok".equals(reply)) {
            throw new IOException("python-rtmidi controller: " + reply);
        }
    }

    /** A control change, channel 1..16. */
    public void cc(int channel, int cc, int value) throws IOException {
        send(0xB0 | (channel - 1), cc, value);
    }

    /** Turns a knob from one value to another in steps, {@code gapMs} apart, as a hand does. */
    public void turn(int channel, int cc, int from, int to, int step, int gapMs) throws IOException, InterruptedException {
        int dir = to >= from ? 1 : -1;
        for (int v = from; dir * (to - v) > 0; v += dir * Math.abs(step)) {
            cc(channel, cc, v);
            Thread.sleep(gapMs);
        }
        cc(channel, cc, to);
    }

    /** A button press and release (CC 127 then 0). */
    public void press(int channel, int cc) throws IOException, InterruptedException {
        cc(channel, cc, 127);
        Thread.sleep(20);
        cc(channel, cc, 0);
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
