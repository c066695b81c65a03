package org.mailstore.server;

import org.mailstore.backup.BackupId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --backup ID}: a malformed id is bad usage (exit 2), not a failure. */
final class BackupIdConverter implements ITypeConverter<BackupId> {
    @Override
    public BackupId convert(String value) {
        try {
            return new BackupId(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
