package org.hitlmidi.midi.nativ;

import com.sun.jna.Native;

/** libc's setenv: libjack reads JACK_DEFAULT_SERVER from the process environment when a client opens. */
public final class Posix {
    static {
        Native.register("c");
    }

    private Posix() {
    }

    public static native int setenv(String name, String value, int overwrite);
}
