package org.hitlmidi.preset;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One preset file as read and parsed, not yet checked: {@link Configs#bind} binds it to its kind's config record, the
 * one place it is checked.
 *
 * @param source where it came from (a path, or "built-in:learners/paper.json"), named by every error about it
 */
public record Preset(String source, JsonNode json) {
}
