package org.hitlmidi.midi;

import java.util.EnumSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * A JACK client that writes any bytes as MIDI events, as a broken controller or a hostile program could: what
 * {@link JackProbeClient} (whole short messages only) cannot send. Each period takes up to {@code perPeriod}
 * queued events while the port's buffer has room. Test code: it allocates on JACK's thread.
 *
 * <p>Why a limit: with hundreds of kilobytes a period on a starved machine, JACK (asynchronous mode) let the next
 * cycle rewrite this port's buffer while readers still read it, so every reader lost events (a minimal reader as
 * much as ours). A paced sender is what a controller or a DAW is; the figures say the pace.
 */
public final class RawJackSender implements AutoCloseable {
    private final JackClient client;
    private final JackPort out;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong tooBig = new AtomicLong();
    private final int perPeriod;

    private RawJackSender(JackClient client, int perPeriod) throws JackException {
        this.client = client;
        this.perPeriod = perPeriod;
        this.out = client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
        client.setProcessCallback(this::process);
        client.activate();
    }

    /** Opens a client on the server that JACK_DEFAULT_SERVER points at (set by opening a {@link JackMidiPort}). */
    public static RawJackSender open(String name, int perPeriod) throws JackException {
        return new RawJackSender(Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer,
                JackOptions.JackUseExactName), EnumSet.noneOf(JackStatus.class)), perPeriod);
    }

    private boolean process(JackClient c, int nframes) {
        try {
            JackMidi.clearBuffer(out);
            boolean first = true;
            byte[] e;
            int n = 0;
            while (n < perPeriod && (e = queue.peek()) != null) {
                if (e.length > JackMidi.maxEventSize(out)) {
                    if (first) { // larger than an empty buffer: it can never go
                        queue.poll();
                        tooBig.incrementAndGet();
                        continue;
                    }
                    break; // the next period has room
                }
                JackMidi.eventWrite(out, 0, e, e.length);
                queue.poll();
                sent.incrementAndGet();
                first = false;
                n++;
            }
        } catch (JackException ex) {
            // the rest goes next period
        }
        return true;
    }

    public void send(byte[] event) {
        queue.add(event);
    }

    public int queued() {
        return queue.size();
    }

    public long sent() {
        return sent.get();
    }

    public long tooBig() {
        return tooBig.get();
    }

    public String outName() {
        return client.getName() + ":out";
    }

    @Override
    public void close() {
        client.close();
    }
}
