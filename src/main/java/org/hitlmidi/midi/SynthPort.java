package org.hitlmidi.midi;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * The built-in synth (Java's Gervill): to the sound card when there is one, else rendered in real time to a WAV
 * file, so a new user hears (or can play back) something with no setup. Gervill takes timestamped messages and
 * places them at their sample, so timing is as exact as the player's clock. A synth has no MIDI input: a receiver
 * set on it hears nothing.
 */
public final class SynthPort extends AbstractMidiPort {
    /** The JVM option that lets us render Gervill to a stream (the jar's manifest and the tests pass it). */
    public static final String EXPORTS = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";
    static final float RATE = 44100;
    private static final int CHUNK_FRAMES = 256;

    private final Synthesizer synth;
    private final Receiver receiver;
    private final Optional<Path> wav;
    private final Thread renderer;
    /**
     * nanoTime at Gervill's frame 0 when rendering to a file. It moves on by the time the renderer rested (see
     * {@link #render}), so Gervill's position and the clock stay one: a message stamped now lands at the next frame.
     */
    private volatile long originNanos;
    private volatile Exception renderError;
    /** Guards resting and waking the renderer, and every message into Gervill (a message never waits for a rest). */
    private final Object renderLock = new Object();
    private boolean resting; // guarded by renderLock
    private long renderedFrames; // guarded by renderLock while resting, else the renderer's
    private long latestMessageNanos = Long.MIN_VALUE; // guarded by renderLock

    private SynthPort(Synthesizer synth, Optional<Path> wav, long wavLimit, AudioInputStream stream)
            throws MidiUnavailableException, IOException {
        this.synth = synth;
        this.receiver = synth.getReceiver();
        this.wav = wav;
        this.originNanos = System.nanoTime();
        if (stream != null) {
            WavWriter out = new WavWriter(wav.orElseThrow(), (int) RATE, 2, wavLimit);
            renderer = new Thread(() -> render(stream, out), "hitl-midi-synth-render");
            renderer.setDaemon(true);
            renderer.start();
        } else {
            renderer = null;
        }
    }

    /** {@link #open(Path, long, boolean, Optional)} with files of at most 200 MB. */
    public static SynthPort open(Path wavFile, boolean alwaysFile, Optional<Path> soundfont) throws PortException {
        return open(wavFile, WavWriter.DEFAULT_LIMIT, alwaysFile, soundfont);
    }

    /**
     * Opens Gervill on the sound card, or, when there is none (or {@code alwaysFile}), renders to {@code wavFile}.
     *
     * @param wavLimit  the most bytes {@code wavFile} takes before it is kept as {@code NAME.1.wav} and a new one
     *                  starts (at least a second of audio, at most 4 GiB)
     * @param soundfont a .sf2 to load instead of Gervill's built-in sounds
     */
    public static SynthPort open(Path wavFile, long wavLimit, boolean alwaysFile, Optional<Path> soundfont)
            throws PortException {
        Synthesizer synth;
        try {
            synth = MidiSystem.getSynthesizer();
        } catch (MidiUnavailableException e) {
            throw new PortException("synth: Java has no built-in synthesizer here (" + e.getMessage() + ")", e);
        }
        String cardError = "not tried";
        if (!alwaysFile) {
            try {
                synth.open();
                loadSoundfont(synth, soundfont);
                return new SynthPort(synth, Optional.empty(), wavLimit, null);
            } catch (MidiUnavailableException | IllegalArgumentException | SecurityException e) {
                cardError = String.valueOf(e.getMessage());
                synth.close();
            } catch (IOException e) {
                synth.close();
                throw new PortException("synth: " + e.getMessage(), e);
            }
        }
        AudioFormat format = new AudioFormat(RATE, 16, 2, true, false);
        AudioInputStream stream;
        try {
            Method openStream = synth.getClass().getMethod("openStream", AudioFormat.class, Map.class);
            stream = (AudioInputStream) openStream.invoke(synth, format, null);
        } catch (IllegalAccessException | NoSuchMethodException e) {
            throw new PortException("synth: no sound card (" + cardError + ") and Gervill cannot render to a file "
                    + "without the JVM option " + EXPORTS + " (java -jar hitl-midi.jar sets it)", e);
        } catch (InvocationTargetException e) {
            throw new PortException("synth: cannot start Gervill (" + e.getCause() + ")", e.getCause());
        }
        try {
            loadSoundfont(synth, soundfont);
            return new SynthPort(synth, Optional.of(wavFile), wavLimit, stream);
        } catch (MidiUnavailableException | IOException | IllegalArgumentException e) {
            synth.close();
            throw new PortException("synth: cannot render to " + wavFile + " (" + e.getMessage() + ")", e);
        }
    }

    private static void loadSoundfont(Synthesizer synth, Optional<Path> soundfont) throws IOException {
        if (soundfont.isEmpty()) {
            return;
        }
        try {
            Soundbank sb = MidiSystem.getSoundbank(soundfont.get().toFile());
            synth.unloadAllInstruments(synth.getDefaultSoundbank());
            synth.loadAllInstruments(sb);
        } catch (InvalidMidiDataException e) {
            throw new IOException("not a soundfont: " + soundfont.get() + " (" + e.getMessage() + ")", e);
        }
    }

    /** How much silence after the last sound still goes into the WAV (a tail, and a gap between tracks): 10 s. */
    static final long SILENCE_KEPT_FRAMES = (long) RATE * 10;
    /** Starts as rested: a device that plays nothing renders nothing and writes nothing from the start. */
    private long silentFrames = SILENCE_KEPT_FRAMES + 1;

    /** How many times the renderer came out of a rest (tests: an idle synth rests, a message wakes it). */
    private volatile long wakes;

    /** 16-bit little-endian samples all within one step of zero. */
    private static boolean silent(byte[] b, int n) {
        for (int i = 0; i + 1 < n; i += 2) {
            int v = (short) ((b[i] & 0xFF) | (b[i + 1] << 8));
            if (v > 1 || v < -1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Pulls audio from Gervill at the pace of the clock, so messages stamped with nanoTime land in time. After
     * {@link #SILENCE_KEPT_FRAMES} of silence with no message still ahead it rests (Gervill rendering silence cost 2.4
     * % of a core, issue 16 break 8) until {@link #send} wakes it; the clock origin then moves on by the rest, so
     * Gervill, which knows no time but the frames it rendered, carries on from the frame it stopped at.
     */
    private void render(AudioInputStream stream, WavWriter out) {
        byte[] buf = new byte[CHUNK_FRAMES * 4];
        long frames = 0;
        long lastFlush = 0;
        boolean unflushed = false;
        try (out) {
            while (state() == PortState.CONNECTED) {
                if (silentFrames > SILENCE_KEPT_FRAMES) {
                    if (unflushed) { // what was written is on disk before a rest that may last for hours
                        out.flush();
                        unflushed = false;
                    }
                    if (rest(frames)) {
                        continue;
                    }
                }
                long due = (long) ((System.nanoTime() - originNanos) * (RATE / 1e9));
                if (frames >= due) {
                    Thread.sleep(2);
                    continue;
                }
                int n = stream.read(buf, 0, buf.length);
                if (n <= 0) {
                    break;
                }
                silentFrames = silent(buf, n) ? silentFrames + n / 4 : 0;
                if (silentFrames <= SILENCE_KEPT_FRAMES) { // an idle device writes no silence: 176 KB/s, 15 GB a day
                    out.write(buf, n);
                    unflushed = true;
                }
                frames += n / 4;
                if (frames - lastFlush > RATE) {
                    out.flush();
                    unflushed = false;
                    lastFlush = frames;
                }
            }
        } catch (IOException e) {
            renderError = e; // a full disk, a removed folder: the port is at fault, and says so
            setState(PortState.LOST);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Rests until a message comes or the port closes, unless the last message sent is less than
     * {@link #SILENCE_KEPT_FRAMES} behind Gervill's position (a note may start silent, and a message may come in
     * before the renderer's first rest); returns whether it rested (then silence starts over: what the message
     * sounds is written).
     */
    private boolean rest(long frames) throws InterruptedException {
        synchronized (renderLock) {
            long position = originNanos + (long) (frames * (1e9 / RATE));
            if (latestMessageNanos != Long.MIN_VALUE
                    && position - latestMessageNanos <= (long) (SILENCE_KEPT_FRAMES * (1e9 / RATE))) {
                return false;
            }
            renderedFrames = frames;
            resting = true;
            while (resting && state() == PortState.CONNECTED) {
                renderLock.wait();
            }
            resting = false;
            silentFrames = 0;
            return true;
        }
    }

    /** Wakes a resting renderer; the clock's frame 0 moves so that Gervill's next frame is now. Under renderLock. */
    private void wakeRenderer() {
        if (resting) {
            originNanos = System.nanoTime() - (long) (renderedFrames * (1e9 / RATE));
            resting = false;
            wakes++;
            renderLock.notifyAll();
        }
    }

    /** How many times the renderer came out of a rest. */
    long wakes() {
        return wakes;
    }

    /** Whether the renderer rests now (nothing sounding, nothing ahead). */
    boolean resting() {
        synchronized (renderLock) {
            return resting;
        }
    }

    /** The file the synth renders to, when there is no sound card. */
    public Optional<Path> wavFile() {
        return wav;
    }

    @Override
    public String backend() {
        return "synth";
    }

    @Override
    public String name() {
        return wav.map(p -> "Gervill -> " + p.getFileName()).orElse("Gervill (sound card)");
    }

    @Override
    public boolean send(int status, int data1, int data2, long atNanos) {
        int len = Midi.length(status);
        if (state() != PortState.CONNECTED || len == 0 || renderError != null) {
            return countDropped();
        }
        try {
            ShortMessage m = new ShortMessage();
            if (len == 1) {
                m.setMessage(status);
            } else {
                m.setMessage(status, data1 & 0x7F, len == 3 ? data2 & 0x7F : 0);
            }
            if (renderer == null) {
                receiver.send(m, timestamp(atNanos));
                return true;
            }
            synchronized (renderLock) { // the renderer does not go to rest between this stamp and the message
                wakeRenderer();
                latestMessageNanos = Math.max(latestMessageNanos, atNanos);
                receiver.send(m, timestamp(atNanos));
            }
            return true;
        } catch (InvalidMidiDataException | IllegalStateException e) {
            return countDropped();
        }
    }

    private long timestamp(long atNanos) {
        if (renderer != null) {
            return Math.max(0, (atNanos - originNanos) / 1000);
        }
        return synth.getMicrosecondPosition() + Math.max(0, (atNanos - System.nanoTime()) / 1000);
    }

    @Override
    public long latencyNanos() {
        return synth.getLatency() * 1000;
    }

    @Override
    public long leadNanos() {
        return 10_000_000;
    }

    /** Renders the release of what the panic stopped, so the file ends quietly. */
    @Override
    protected void afterPanic() {
        if (renderer != null) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    protected void release() {
        if (renderer != null) {
            synchronized (renderLock) {
                renderLock.notifyAll(); // a resting renderer sees the port closed
            }
            join(renderer, 2000);
        }
        receiver.close();
        synth.close();
    }
}
