package org.hitlmidi.device;

/**
 * Track numbers, which go on across restarts: reserved in the device settings a block at a time, so a run starts above
 * every number the last run may have given (numbers may jump after a restart). A number given out is never taken
 * back: one a failed operation gave is not given again.
 */
final class TrackIds {
    /** The device setting holding the first track number the next run may use. */
    static final String SETTING = "trackIds";
    static final long BLOCK = 1000;

    private final DeviceSettings settings;
    private long last;
    private long reserved;

    TrackIds(DeviceSettings settings) {
        this.settings = settings;
        this.last = settings.get(SETTING).map(Session::parseLong).orElse(0L);
        this.reserved = last;
    }

    long next() {
        long id = ++last;
        if (id > reserved) {
            reserved = id - 1 + BLOCK;
            settings.put(SETTING, Long.toString(reserved));
        }
        return id;
    }
}
