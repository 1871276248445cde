package org.hitlmidi.preset;

import java.math.BigDecimal;
import java.util.List;

/**
 * The checks of the config records' compact constructors (the one place a preset's values are checked): each takes
 * the field's name, its value as bound (null when the file has none) and the default (null: the field is required),
 * and returns the value or throws {@link InvalidField}.
 */
public final class Check {
    private Check() {
    }

    /** A number in [lo, hi]. */
    public static double in(String field, Double v, double lo, double hi, Double dflt) {
        double x = present(field, v, dflt);
        if (!(x >= lo && x <= hi)) {
            throw new InvalidField(field, num(x) + " is outside [" + num(lo) + ", " + num(hi) + "]");
        }
        return x;
    }

    /** A number in (lo, hi]. */
    public static double above(String field, Double v, double lo, double hi, Double dflt) {
        double x = present(field, v, dflt);
        if (!(x > lo && x <= hi)) {
            throw new InvalidField(field, num(x) + " is outside (" + num(lo) + ", " + num(hi) + "]");
        }
        return x;
    }

    /** A whole number in [lo, hi]. */
    public static int in(String field, Integer v, int lo, int hi, Integer dflt) {
        int x = present(field, v, dflt);
        if (x < lo || x > hi) {
            throw new InvalidField(field, x + " is outside [" + lo + ", " + hi + "]");
        }
        return x;
    }

    /** One of {@code allowed}. */
    public static String oneOf(String field, String v, List<String> allowed, String dflt) {
        String x = present(field, v, dflt);
        if (!allowed.contains(x)) {
            throw new InvalidField(field, "'" + x + "' is not one of " + String.join(", ", allowed));
        }
        return x;
    }

    /** A preset's own name: a letter or digit, then letters, digits, '.', '_' or '-'. */
    public static String presetName(String field, String v) {
        String x = required(field, v);
        if (!x.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new InvalidField(field, "'" + x + "' may hold only letters, digits, '.', '_' and '-' (a letter or"
                    + " digit first)");
        }
        return x;
    }

    /** A value the file must have. */
    public static <T> T required(String field, T v) {
        if (v == null) {
            throw new InvalidField(field, "is missing");
        }
        return v;
    }

    public static <T> T present(String field, T v, T dflt) {
        return v != null ? v : required(field, dflt);
    }

    /** A number as a person writes it: 0, 0.5, 1000000 (not 0.0 or 1.0E6). */
    public static String num(double x) {
        return Double.isFinite(x) ? BigDecimal.valueOf(x).stripTrailingZeros().toPlainString() : String.valueOf(x);
    }
}
