package org.mailstore.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as operators write them: a whole number and a unit (d, h, m, s), or ISO-8601 (P7D, PT36H). */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([dhms])");

    @Override
    public Duration convert(String value) {
        Matcher m = SHORT.matcher(value.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            Duration d = Duration.parse(value.strip());
            if (d.isNegative()) throw new TypeConversionException("a duration must not be negative: '" + value + "'");
            return d;
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("not a duration: '" + value + "' (use 7d, 36h, 90m, 30s or ISO-8601 such as P7D)");
        }
    }
}
