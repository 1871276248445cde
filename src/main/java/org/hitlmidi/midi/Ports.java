package org.hitlmidi.midi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hitlmidi.midi.porthost.HostedJackPort;

/**
 * Opens a port by spec: {@code auto|jack|alsa|coremidi|device:NAME|synth}. JACK runs in a supervised port host
 * process ({@link #jack}). {@code auto} takes JACK when a server runs, else the ALSA sequencer when /dev/snd/seq exists, else CoreMIDI on macOS, else the built-in synth, and
 * says which and why.
 */
public final class Ports {
    public static final List<String> SPECS = List.of("auto", "jack", "alsa", "coremidi", "device:NAME", "synth");

    private Ports() {
    }

    /** An open port and why this backend was taken. */
    public record Opened(MidiPort port, String why) {
    }

    /** Waits until a port that is still opening is open; fails (the port closed) when it cannot open. */
    @FunctionalInterface
    public interface Ready {
        void await() throws PortException;
    }

    /** A port that may still be opening, why this backend was taken, and how to wait until it is open. */
    public record Opening(MidiPort port, String why, Ready ready) {
    }

    /**
     * As {@link #open}, but JACK (asked for by name, in a port host) returns while the host's JVM starts: the device
     * builds itself meanwhile and then waits with {@link Opening#ready()} (start-up, issue 13). Other backends are open.
     */
    public static Opening opening(String spec, PortOptions options) throws PortException {
        if (spec != null && spec.strip().equalsIgnoreCase("jack") && !inProcessJack()) {
            HostedJackPort p = HostedJackPort.launch(options);
            return new Opening(p, "asked for JACK", p::awaitOpen);
        }
        Opened o = open(spec, options);
        return new Opening(o.port(), o.why(), () -> {
        });
    }

    public static Opened open(String spec, PortOptions options) throws PortException {
        String s = spec == null ? "auto" : spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("device:")) {
            String name = s.substring("device:".length()).strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("backend 'device:' needs a device name; `hitl-midi ports` lists them");
            }
            return new Opened(DevicePort.open(name), "asked for device '" + name + "'");
        }
        switch (lower) {
            case "jack":
                return new Opened(jack(options), "asked for JACK" + (inProcessJack() ? " (in this process)" : ""));
            case "alsa":
                return new Opened(AlsaMidiPort.open(options), "asked for ALSA");
            case "coremidi":
                return new Opened(CoreMidiPort.open(options), "asked for CoreMIDI");
            case "synth":
                return new Opened(synth(options), "asked for the built-in synth");
            case "auto":
                return auto(options);
            default:
                throw new IllegalArgumentException("backend '" + spec + "' is not one of " + String.join(", ", SPECS));
        }
    }

    private static SynthPort synth(PortOptions o) throws PortException {
        return SynthPort.open(o.synthWav(), o.synthWavLimit(), o.synthToFile(), o.soundfont());
    }

    private static Opened auto(PortOptions o) throws PortException {
        List<String> skipped = new ArrayList<>();
        BackendStatus jack;
        if (!jackServerMayRun(o)) {
            jack = new BackendStatus("jack", false, "no JACK server runs (no server socket of "
                    + o.jackServer().orElse("the default server") + ", no PipeWire socket)");
            skipped.add("JACK: " + jack.reason());
        } else {
            try {
                MidiPort p = jack(o);
                return new Opened(p, "auto: a JACK server runs" + o.jackServer().map(s -> " ('" + s + "')").orElse(""));
            } catch (PortException e) {
                jack = new BackendStatus("jack", false, e.getMessage());
                skipped.add("JACK: " + e.getMessage());
            }
        }
        BackendStatus alsa = AlsaMidiPort.probe();
        if (alsa.available()) {
            try {
                return new Opened(AlsaMidiPort.open(o), "auto: no JACK server (" + jack.reason() + "); " + alsa.reason());
            } catch (PortException e) {
                skipped.add("ALSA: " + e.getMessage());
            }
        } else {
            skipped.add("ALSA: " + alsa.reason());
        }
        BackendStatus core = CoreMidiPort.probe();
        if (core.available()) {
            try {
                return new Opened(CoreMidiPort.open(o), "auto: " + core.reason());
            } catch (PortException e) {
                skipped.add("CoreMIDI: " + e.getMessage());
            }
        } else {
            skipped.add("CoreMIDI: " + core.reason());
        }
        SynthPort s = synth(o);
        return new Opened(s, "auto: the built-in synth" + s.wavFile().map(p -> " rendering to " + p + " (at most "
                + o.synthWavLimit() / 1_000_000 + " MB, then kept as " + WavWriter.previous(p).getFileName() + ")").orElse("")
                + ", because " + String.join("; ", skipped));
    }

    /** Every backend with whether it can be used here and why. */
    public static List<BackendStatus> backends(PortOptions o) {
        BackendStatus jack = inProcessJack() ? JackMidiPort.probe(o) : jackServerMayRun(o) ? HostedJackPort.probe(o)
                : new BackendStatus("jack", false, "no JACK server runs (no server socket, no PipeWire socket)");
        return List.of(jack, AlsaMidiPort.probe(), CoreMidiPort.probe(), DevicePort.probe(), synthStatus());
    }

    /**
     * JACK as the device uses it: the client in a supervised port host process ({@link HostedJackPort}), so that a
     * JACK server that dies cannot take this JVM with it; {@code -Dhitl.jack.inProcess=true} opens it in this process
     * ({@link JackMidiPort}) instead.
     */
    public static MidiPort jack(PortOptions o) throws PortException {
        return inProcessJack() ? JackMidiPort.open(o) : HostedJackPort.open(o);
    }

    static boolean inProcessJack() {
        return Boolean.getBoolean("hitl.jack.inProcess");
    }

    /**
     * Whether a JACK server may run, without loading libjack or starting a process: jackd's socket in /dev/shm
     * (jack_NAME_UID_0) or PipeWire's in XDG_RUNTIME_DIR. True where it cannot tell (not Linux).
     */
    static boolean jackServerMayRun(PortOptions o) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return true;
        }
        String server = o.jackServer().orElse(System.getenv().getOrDefault("JACK_DEFAULT_SERVER", "default"));
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (Files.exists(Path.of("/dev/shm", "jack_" + server + "_" + uid + "_0"))) {
                return true;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return true;
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return runtime != null && Files.exists(Path.of(runtime, "pipewire-0"));
    }

    /** Names of the OS's MIDI devices (javax.sound.midi), for {@code device:NAME}. */
    public static List<String> devices() {
        return DevicePort.names();
    }

    static BackendStatus synthStatus() {
        return new BackendStatus("synth", true, "Java's Gervill synth: to the sound card, or rendered to a WAV file");
    }

    static boolean isMac() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    }

    static boolean alsaSequencerPresent() {
        return Files.exists(Path.of("/dev/snd/seq"));
    }

    /** Closes the port (its all-notes-off included) when the JVM exits, even on Ctrl-C: no note hangs. */
    public static Thread closeOnExit(MidiPort port) {
        Thread t = new Thread(port::close, "hitl-midi-port-exit");
        Runtime.getRuntime().addShutdownHook(t);
        return t;
    }
}
