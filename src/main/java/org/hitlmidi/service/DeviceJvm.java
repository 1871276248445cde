package org.hitlmidi.service;

import java.util.List;

/**
 * The JVM options a device runs with, wherever it is started from (`start`, the service unit through a launcher,
 * `bench history`): a bounded heap. Without a bound the JVM sized its heap from the machine's memory and the RSS grew
 * to 489 MB with 15 MB live (issue 16). The default learner keeps every heard track (about 1.5 KB each), so a
 * 300,000-rating profile is about 360 MB live (469 MB before its descriptors were kept unexpanded): in a 512 MB heap
 * the serial collector's old generation (two thirds of it) could not hold it, and the device ran a full collection
 * every two seconds, every thread stopped (docs/reliability.md, break 9). A small profile's heap stays small: the
 * bound is only how far it may grow. The serial collector suits a process with one busy
 * thread and a small heap (no concurrent GC threads waking while idle). Without the JVM's performance counters
 * (-XX:-UsePerfData) no thread samples them 20 times a second: 0.1 to 0.2 % of a core in every idle JVM (issue 16,
 * break 8); jps no longer lists the device, jstack and jcmd with its pid still work.
 */
public final class DeviceJvm {
    /** The device's maximum heap: an old generation of 512 MB, room for 300,000 ratings' heard tracks and their churn. */
    public static final String XMX = "768m";

    private DeviceJvm() {
    }

    /** The options for a device JVM with the given maximum heap. */
    public static List<String> options(String xmx) {
        return List.of("-Xmx" + xmx, "-XX:+UseSerialGC", "-XX:-UsePerfData");
    }

    public static List<String> options() {
        return options(XMX);
    }
}
