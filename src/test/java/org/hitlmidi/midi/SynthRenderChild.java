package org.hitlmidi.midi;

import java.nio.file.Path;
import java.util.Optional;

/** A process that renders the built-in synth to a WAV, playing notes until it is killed (for {@link WavWriterTest}). */
public final class SynthRenderChild {
    private SynthRenderChild() {
    }

    public static void main(String[] args) throws Exception {
        SynthPort port = SynthPort.open(Path.of(args[0]), Long.parseLong(args[1]), true, Optional.empty());
        System.out.println("rendering to " + port.wavFile().orElseThrow());
        for (int pitch = 48; ; pitch = pitch == 72 ? 48 : pitch + 1) {
            long now = System.nanoTime();
            port.send(Midi.NOTE_ON, pitch, 100, now);
            port.send(Midi.NOTE_OFF, pitch, 0, now + 200_000_000);
            Thread.sleep(250);
        }
    }
}
