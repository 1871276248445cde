package org.hitlmidi.store;

import java.time.Instant;
import org.hitlmidi.learn.Rating;

/**
 * A stored rating without its tracks parsed, for listing many quickly. {@code before} and {@code after} are keys
 * of the tracks the rated edit started from and made: equal keys mean equal tracks (the store's canonical text).
 */
public record RatingSummary(long id, Instant time, Rating rating, String source, boolean undone, String before,
                            String after) {
}
