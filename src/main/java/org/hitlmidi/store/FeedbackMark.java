package org.hitlmidi.store;

/**
 * What a profile's feedback up to a position is, in a few numbers: a learner snapshot on disk is checked against it
 * before it is trusted (issue 16, item 9). Ratings are never changed once stored but for their undone flag, which only
 * goes on, and signals never change: so the same numbers mean the same feedback for a learner.
 *
 * @param ratings      ratings stored with an id up to the position (undone ones too)
 * @param lastRating   the highest of their ids (0: none)
 * @param undone       how many of them are undone
 * @param undoneIdSum  the sum of the undone ones' ids
 * @param signals      implicit signals stored with an id up to the signal position
 * @param lastSignal   the highest of their ids (0: none)
 */
public record FeedbackMark(long ratings, long lastRating, long undone, long undoneIdSum, long signals, long lastSignal) {
}
