package org.hitlmidi.midi.nativ;

import com.sun.jna.Native;

/**
 * libc's setenv (libjack reads JACK_DEFAULT_SERVER from the process environment when a client opens) and dup/dup2 (the
 * port host keeps its protocol on a copy of stdout and points stdout at stderr, where libjack's chatter then goes).
 */
public final class Posix {
    static {
        Native.register("c");
    }

    private Posix() {
    }

    public static native int setenv(String name, String value, int overwrite);

    public static native int dup(int fd);

    public static native int dup2(int fd, int fd2);
}
