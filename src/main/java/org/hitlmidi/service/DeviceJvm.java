package org.hitlmidi.service;

import java.util.List;

/**
 * The JVM options a device runs with, wherever it is started from (`start`, the service unit through a launcher,
 * `bench history`): a bounded heap. The device's live data is small (tens of MB at 300,000 ratings with the default
 * learner: see docs/reliability.md, `bench history`); without a bound the JVM sized its heap from the machine's
 * memory and the RSS grew to 489 MB with 15 MB live (issue 16). The serial collector suits a process with one busy
 * thread and a small heap (no concurrent GC threads waking while idle). Without the JVM's performance counters
 * (-XX:-UsePerfData) no thread samples them 20 times a second: 0.1 to 0.2 % of a core in every idle JVM (issue 16,
 * break 8); jps no longer lists the device, jstack and jcmd with its pid still work.
 */
public final class DeviceJvm {
    /** The device's maximum heap: the smallest that ran `bench history` at 300,000 ratings, with room to spare. */
    public static final String XMX = "512m";

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
