package org.hitlmidi.device;

import java.nio.file.Path;
import org.hitlmidi.midi.JackDummyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the device's JACK tests share: a dummy JACK server of their own at {@link #RATE} (256-frame periods), started
 * before the class's tests (jackd required: under {@code CI=true} its absence fails) and closed after them, and a
 * fresh folder per test for the device's data and socket.
 */
abstract class JackDeviceFixture {
    static final int RATE = 48000;
    static JackDummyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        org.hitlmidi.Required.jackd();
        server = JackDummyServer.start(RATE, 256);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
