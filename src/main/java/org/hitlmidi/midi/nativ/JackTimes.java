package org.hitlmidi.midi.nativ;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The two libjack calls jnajack does not expose, bound directly (JNA direct mapping: primitive arrays are passed
 * without copies or allocation, so these are safe on the process callback).
 */
public final class JackTimes {
    static {
        Native.register("jack");
    }

    private JackTimes() {
    }

    /** The current cycle's first frame, its start and the next cycle's start (JACK clock, microseconds). */
    public static native int jack_get_cycle_times(Pointer client, int[] currentFrames, long[] currentUsecs,
                                                  long[] nextUsecs, float[] periodUsecs);

    /** The JACK clock in microseconds. */
    public static native long jack_get_time();
}
