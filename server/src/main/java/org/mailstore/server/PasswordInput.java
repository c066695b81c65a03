package org.mailstore.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a new password for {@code account add} and {@code account passwd}: the first line of
 * standard input ({@code --password-stdin}, for scripts), or typed twice on the terminal without
 * echo. The password never becomes a String, so it can be wiped after use.
 */
final class PasswordInput {
    /** Longer input is not a password (and would only make hashing slow). */
    static final int MAX_PASSWORD_BYTES = 1024;

    /** Input the command cannot use; the command exits with code 2. */
    static final class BadPasswordException extends Exception {
        BadPasswordException(String message) {
            super(message);
        }
    }

    private PasswordInput() {}

    /** The first line of {@code in}, without its CR LF or LF; UTF-8. */
    static char[] fromStream(InputStream in) throws IOException, BadPasswordException {
        byte[] buf = new byte[MAX_PASSWORD_BYTES];
        int n = 0;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (n == MAX_PASSWORD_BYTES) {
                Arrays.fill(buf, (byte) 0);
                throw new BadPasswordException("password longer than " + MAX_PASSWORD_BYTES + " bytes");
            }
            buf[n++] = (byte) b;
        }
        if (n > 0 && buf[n - 1] == '\r') n--;
        try {
            return checked(decode(buf, n));
        } finally {
            Arrays.fill(buf, (byte) 0);
        }
    }

    /** Typed twice without echo; both must match. */
    static char[] fromConsole(Optional<PasswordConsole> console, String address) throws BadPasswordException {
        PasswordConsole c = console.orElseThrow(() -> new BadPasswordException(
                "no terminal to read the password from; pipe it in with --password-stdin"));
        char[] first = c.readPassword("New password for " + address + ": ");
        char[] second = c.readPassword("Repeat the password: ");
        try {
            if (first == null || second == null) throw new BadPasswordException("no password given");
            if (!Arrays.equals(first, second)) throw new BadPasswordException("the passwords do not match");
            return checked(first.clone());
        } finally {
            if (first != null) Arrays.fill(first, '\0');
            if (second != null) Arrays.fill(second, '\0');
        }
    }

    private static char[] checked(char[] password) throws BadPasswordException {
        if (password.length == 0) throw new BadPasswordException("the password is empty");
        return password;
    }

    private static char[] decode(byte[] bytes, int length) throws BadPasswordException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            char[] out = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new BadPasswordException("the password is not UTF-8 text");
        }
    }
}
