package org.hitlmidi.music;

/**
 * How a track is played rather than what it is: swing (0 straight .. 1 triplet feel) on eighths or sixteenths,
 * and a seeded humanize of timing (in ticks of 1/480 beat) and velocity. Applied when a track is rendered, so
 * the material stays on the grid and a feel change never changes what the learner learned from.
 */
public record Feel(double swing, double swingUnit, int timingTicks, int velocitySpread) {
    public static final Feel STRAIGHT = new Feel(0, 0.5, 0, 0);

    public Feel {
        if (!(swing >= 0 && swing <= 1)) {
            throw new IllegalArgumentException("swing " + swing + " outside 0..1");
        }
        if (swingUnit != 0.5 && swingUnit != 0.25) {
            throw new IllegalArgumentException("swing unit " + swingUnit + " must be 0.5 (eighths) or 0.25 (sixteenths)");
        }
        if (timingTicks < 0 || timingTicks > 24) {
            throw new IllegalArgumentException("humanize timing " + timingTicks + " ticks outside 0..24");
        }
        if (velocitySpread < 0 || velocitySpread > 40) {
            throw new IllegalArgumentException("humanize velocity " + velocitySpread + " outside 0..40");
        }
    }

    public Feel withSwing(double s) {
        return new Feel(s, swingUnit, timingTicks, velocitySpread);
    }

    /**
     * Where an on-grid time lands with swing: the off-beat of each swing pair moves later by up to a third of
     * the pair (a triplet), every point between moves proportionally, so order and pair ends are kept.
     */
    public double swingTime(double beats) {
        if (swing == 0) {
            return beats;
        }
        double pair = 2 * swingUnit;
        double base = Math.floor(beats / pair + 1e-9) * pair;
        double x = beats - base;
        double mid = swingUnit * (1 + swing / 3);
        double y = x <= swingUnit ? x * mid / swingUnit : mid + (x - swingUnit) * (pair - mid) / swingUnit;
        return base + y;
    }
}
