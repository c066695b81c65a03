package org.mailstore.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of one backup inside a backup directory: the UTC time it started, to the millisecond, in a form that is a
 * portable file name (no colons, for tar and tape tools) and sorts in time order as text.
 */
public record BackupId(String value) implements Comparable<BackupId> {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SHAPE = Pattern.compile("[0-9]{8}T[0-9]{6}\\.[0-9]{3}Z");

    public BackupId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a backup id looks like 20261125T100000.123Z, not '" + value.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    public static BackupId at(Instant time) {
        return new BackupId(FORMAT.format(time));
    }

    /** Whether a directory name is a backup id (anything else under backups/ is ignored). */
    static boolean isId(String name) {
        return SHAPE.matcher(name).matches();
    }

    @Override
    public int compareTo(BackupId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
