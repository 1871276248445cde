package org.hitlmidi.learn;

/** What a learner plays next, and whether it chose it to explore. */
public record Proposal(Transition transition, boolean explored) {
}
