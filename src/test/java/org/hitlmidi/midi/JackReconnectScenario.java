package org.hitlmidi.midi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;

/**
 * The JACK server vanishes (kill -9) and comes back, in a JVM of its own (see JackReconnectTest): prints one
 * line per step and "RESULT ok" when the port went LOST, then CONNECTED, and playback resumed.
 */
public final class JackReconnectScenario {
    private JackReconnectScenario() {
    }

    static boolean await(BooleanSupplier done, int seconds) throws InterruptedException {
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(seconds), done::getAsBoolean);
        return done.getAsBoolean();
    }

    static int noteOns(JackProbeClient r) {
        int n = 0;
        for (int i = 0; i < r.count(); i++) {
            n += (r.status(i) & 0xF0) == Midi.NOTE_ON && r.data2(i) > 0 ? 1 : 0;
        }
        return n;
    }

    private static void check(boolean ok, String what) {
        System.out.println((ok ? "ok   " : "FAIL ") + what);
        System.out.flush();
        if (!ok) {
            System.exit(1);
        }
    }

    public static void main(String[] args) throws Exception {
        List<PortState> states = new CopyOnWriteArrayList<>();
        Track t = new Track(List.of(new Note(60, 0.25), new Note(62, 0.25), new Note(64, 0.5)), List.of(), 240);
        try (JackDummyServer server = JackDummyServer.start(48000, 256)) {
            PortOptions o = PortOptions.defaults(java.nio.file.Path.of("unused")).withJackServer(server.name());
            try (JackMidiPort port = JackMidiPort.open(o); Player player = new Player(port)) {
                port.setStateListener(states::add);
                JackProbeClient before = JackProbeClient.open("listener", 8192);
                port.connectOut(before.inName());
                player.play(9, t, MidiFiles.Voice.DEFAULT, true);
                check(await(() -> noteOns(before) >= 3, 10), "notes before the crash");

                server.kill();
                check(await(() -> port.state() == PortState.LOST, 10), "LOST after kill -9");
                check(player.isPlaying(), "the session keeps playing (into nothing)");
                check(!port.send(Midi.NOTE_ON, 60, 100, port.nowNanos()), "no server: a send is refused");
                check(await(before::serverGone, 10), "the listener heard of it too");
                before.close();

                server.restart();
                check(await(() -> port.state() == PortState.CONNECTED, 15), "CONNECTED again");
                try (JackProbeClient after = JackProbeClient.open("listener", 8192)) {
                    // the port remembered its connection to listener:in and restores it when the client is back
                    check(await(() -> noteOns(after) >= 3, 15), "playback resumes: " + port.diagnostics());
                }
                check(states.indexOf(PortState.LOST) >= 0 && states.lastIndexOf(PortState.CONNECTED)
                        > states.indexOf(PortState.LOST), "states " + states);
            }
        }
        System.out.println("RESULT ok");
        System.out.flush();
        System.exit(0);
    }
}
