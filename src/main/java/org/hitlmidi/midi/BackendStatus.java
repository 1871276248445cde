package org.hitlmidi.midi;

/** Whether a backend can be used here, and why (or why not), in words a user can act on. */
public record BackendStatus(String name, boolean available, String reason) {
}
