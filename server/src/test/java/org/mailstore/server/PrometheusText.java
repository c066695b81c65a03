package org.mailstore.server;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, as a scraper applies it: every
 * line is a HELP, a TYPE or a sample of a family typed before it; anything else fails the test.
 * Samples are keyed {@code name{label="value",…}} with labels sorted, so tests can look them up.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final String VALUE = "[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|Inf)";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{((?:" + LABEL + ")(?:," + LABEL + ")*,?)?})? (" + VALUE + ")(?: -?[0-9]+)?");
    private static final Pattern ONE_LABEL = Pattern.compile("(" + "[a-zA-Z_][a-zA-Z0-9_]*" + ")=(\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\")");
    private static final String[] SUFFIXES = {"_bucket", "_count", "_sum", "_total", "_created", "_max"};

    private PrometheusText() {}

    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Set<String> typed = new HashSet<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) continue;
            Matcher m;
            if ((m = TYPE.matcher(line)).matches()) {
                if (!typed.add(m.group(1))) throw new AssertionError("line " + n + ": second TYPE for " + m.group(1));
            } else if (HELP.matcher(line).matches()) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (!typed.contains(name) && Arrays.stream(SUFFIXES).noneMatch(s -> name.endsWith(s) && typed.contains(name.substring(0, name.length() - s.length())))) {
                    throw new AssertionError("line " + n + ": sample of an untyped family: " + line);
                }
                String key = name + labels(m.group(2));
                if (samples.put(key, value(m.group(3))) != null) throw new AssertionError("line " + n + ": duplicate sample " + key);
            } else {
                throw new AssertionError("line " + n + " is not Prometheus text format: " + line);
            }
        }
        return samples;
    }

    private static String labels(String list) {
        if (list == null || list.isEmpty()) return "";
        Matcher m = ONE_LABEL.matcher(list);
        Map<String, String> pairs = new java.util.TreeMap<>();
        while (m.find()) pairs.put(m.group(1), m.group(2));
        return pairs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
    }

    private static double value(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }
}
