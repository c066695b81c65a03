package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountsTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void newAccountHasInboxAndSpecialUseMailboxesAllSubscribed() {
        Account a = f.account("Defaults@Example.ORG");
        assertEquals("defaults@example.org", a.address());
        List<String> names = f.store.mailboxes().list(a).stream().map(m -> m.name() + "=" + m.specialUse()).toList();
        assertEquals(List.of("Archive=\\Archive", "Drafts=\\Drafts", "INBOX=null", "Junk=\\Junk", "Sent=\\Sent", "Trash=\\Trash"), names);
        assertEquals(List.of("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"), f.store.mailboxes().subscriptions(a));
    }

    @Test
    void passwordIsStoredAsArgon2idNeverPlaintext() throws Exception {
        f.store.accounts().create("hash@example.org", "correct horse".toCharArray());
        try (var c = f.db.connect(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT password_hash FROM accounts WHERE address = 'hash@example.org'")) {
            rs.next();
            String stored = rs.getString(1);
            assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
            assertFalse(stored.contains("correct horse"));
        }
    }

    @Test
    void authenticateAcceptsOnlyTheRightPasswordOfAnEnabledAccount() {
        f.store.accounts().create("auth@example.org", "pw-1".toCharArray());
        assertTrue(f.store.accounts().authenticate("AUTH@example.org", "pw-1".toCharArray()).isPresent());
        assertTrue(f.store.accounts().authenticate("auth@example.org", "pw-2".toCharArray()).isEmpty());
        assertTrue(f.store.accounts().authenticate("nobody@example.org", "pw-1".toCharArray()).isEmpty());
        f.store.accounts().setPassword("auth@example.org", "pw-2".toCharArray());
        assertTrue(f.store.accounts().authenticate("auth@example.org", "pw-1".toCharArray()).isEmpty());
        assertTrue(f.store.accounts().authenticate("auth@example.org", "pw-2".toCharArray()).isPresent());
        f.store.accounts().setDisabled("auth@example.org", true);
        assertTrue(f.store.accounts().authenticate("auth@example.org", "pw-2".toCharArray()).isEmpty());
    }

    @Test
    void aRememberedLoginSkipsTheHashButNotAPasswordChangeAWrongPasswordOrADisabledAccount() {
        f.store.accounts().cacheVerifiedLogins(VerifiedLogins.Settings.DEFAULT);
        SimpleMeterRegistry registry = new SimpleMeterRegistry(); // the global registry counts nothing without one
        Metrics.addRegistry(registry);
        try {
            f.store.accounts().create("cached@example.org", "pw-1".toCharArray());
            double hits = cacheHits();
            assertTrue(f.store.accounts().authenticate("cached@example.org", "pw-1".toCharArray()).isPresent());
            assertEquals(hits, cacheHits(), "the first login is checked in full");
            assertTrue(f.store.accounts().authenticate("cached@example.org", "pw-1".toCharArray()).isPresent());
            assertEquals(hits + 1, cacheHits(), "the second comes from the cache");
            assertTrue(f.store.accounts().authenticate("cached@example.org", "pw-2".toCharArray()).isEmpty());
            f.store.accounts().setPassword("cached@example.org", "pw-2".toCharArray());
            assertTrue(f.store.accounts().authenticate("cached@example.org", "pw-1".toCharArray()).isEmpty(),
                    "the old password, though remembered, no longer matches the stored hash");
            assertTrue(f.store.accounts().authenticate("cached@example.org", "pw-2".toCharArray()).isPresent());
            assertTrue(f.store.accounts().authenticate("cached@example.org", "pw-2".toCharArray()).isPresent());
            f.store.accounts().setDisabled("cached@example.org", true);
            assertTrue(f.store.accounts().authenticate("cached@example.org", "pw-2".toCharArray()).isEmpty());
            assertEquals(hits + 2, cacheHits(), "a disabled account's login is checked in full, as every failure is");
        } finally {
            f.store.accounts().cacheVerifiedLogins(VerifiedLogins.Settings.OFF);
            Metrics.removeRegistry(registry);
        }
    }

    private static double cacheHits() {
        var c = Metrics.globalRegistry.find("mailstore.auth.cache.hits").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void duplicateAndInvalidAddressesAreRefusedWithTheirReason() {
        f.account("dup@example.org");
        assertEquals(StoreException.Reason.ALREADY_EXISTS, assertThrows(StoreException.class, () -> f.account("DUP@example.org")).reason());
        for (String bad : List.of("", "no-at-sign", "@example.org", "a@", "a b@example.org", "a@example..org", "x\r\n@example.org")) {
            StoreException e = assertThrows(StoreException.class, () -> f.account(bad), bad);
            assertEquals(StoreException.Reason.INVALID_NAME, e.reason());
            assertFalse(e.getMessage().contains("\r") || e.getMessage().contains("\n"), "error text is safe to echo");
        }
    }

    @Test
    void deleteRemovesTheAccountButKeepsBlobsForGarbageCollection() throws Exception {
        Account a = f.account("gone@example.org");
        f.append(a, "INBOX", StoreFixture.message("kept blob", "x"));
        long blobs = f.blobFiles();
        f.store.accounts().delete("gone@example.org");
        assertTrue(f.store.accounts().find("gone@example.org").isEmpty());
        assertEquals(blobs, f.blobFiles(), "blobs are only deleted by GC (invariant 6)");
        assertEquals(StoreException.Reason.NO_SUCH_ACCOUNT,
                assertThrows(StoreException.class, () -> f.store.accounts().delete("gone@example.org")).reason());
    }

    @Test
    void accountCreationAndPasswordChangeStoreScramCredentialsForThatPassword() {
        f.store.accounts().create("scram@example.org", "pencil".toCharArray());
        ScramLookup first = f.store.accounts().scramLookup("SCRAM@example.org");
        assertEquals("scram@example.org", first.account().orElseThrow().address());
        ScramCredentials c = first.credentials();
        assertEquals(ScramCredentials.DEFAULT_ITERATIONS, c.iterations());
        assertEquals(c, ScramCredentials.derive("pencil".toCharArray(), c.salt(), c.iterations()));
        f.store.accounts().setPassword("scram@example.org", "crayon".toCharArray());
        ScramCredentials changed = f.store.accounts().scramLookup("scram@example.org").credentials();
        assertEquals(changed, ScramCredentials.derive("crayon".toCharArray(), changed.salt(), changed.iterations()));
        assertFalse(java.util.Arrays.equals(c.salt(), changed.salt()), "a new password gets a new salt");
    }

    @Test
    void unknownDisabledAndPreScramAccountsGetDecoysThatLookTheSameAndAreStablePerAddress() throws Exception {
        f.store.accounts().create("disabled-scram@example.org", "pencil".toCharArray());
        f.store.accounts().setDisabled("disabled-scram@example.org", true);
        f.store.accounts().create("old-scram@example.org", "pencil".toCharArray());
        try (var c = f.db.connect()) {
            c.createStatement().executeUpdate("UPDATE accounts SET scram_salt = NULL, scram_iterations = NULL, scram_stored_key = NULL,"
                    + " scram_server_key = NULL WHERE address = 'old-scram@example.org'");
        }
        for (String address : List.of("nobody-scram@example.org", "disabled-scram@example.org", "old-scram@example.org", "not an address")) {
            ScramLookup one = f.store.accounts().scramLookup(address);
            ScramLookup two = f.store.accounts().scramLookup(address);
            assertTrue(one.account().isEmpty(), address);
            assertEquals(ScramCredentials.DEFAULT_ITERATIONS, one.credentials().iterations(), address);
            assertEquals(ScramCredentials.SALT_BYTES, one.credentials().salt().length, address);
            assertEquals(java.util.Arrays.toString(one.credentials().salt()), java.util.Arrays.toString(two.credentials().salt()), address);
        }
        assertTrue(f.store.accounts().authenticate("old-scram@example.org", "pencil".toCharArray()).isPresent(),
                "an account without SCRAM credentials still logs in with PLAIN");
    }

    /**
     * No user enumeration by timing: an unknown address and a disabled account cost the same Argon2id work as a wrong
     * password. Measured as this thread's CPU time (Argon2id runs on the caller's thread; the database lookup is
     * waiting, not computing), the three taken in turn so a change in the machine's load falls on all of them alike,
     * medians of several tries with a wide bound; it fails if the decoy hash is skipped (a lookup alone costs a
     * hundredth of an Argon2id hash).
     */
    @Test
    void unknownDisabledAndWrongPasswordTakeTheSameTime() {
        f.store.accounts().create("timing@example.org", "right".toCharArray());
        f.store.accounts().create("timing-off@example.org", "right".toCharArray());
        f.store.accounts().setDisabled("timing-off@example.org", true);
        long[] medians = medianCpuNanos(List.of(
                () -> f.store.accounts().authenticate("timing@example.org", "wrong".toCharArray()),
                () -> f.store.accounts().authenticate("nobody-timing@example.org", "wrong".toCharArray()),
                () -> f.store.accounts().authenticate("timing-off@example.org", "right".toCharArray())));
        long wrong = medians[0];
        for (long other : new long[] {medians[1], medians[2]}) {
            double ratio = (double) other / wrong;
            assertTrue(ratio > 0.5 && ratio < 2.0, "wrong password " + wrong / 1000 + " us CPU, other " + other / 1000 + " us CPU");
        }
    }

    /** The median CPU time of each action over 7 rounds, the actions run in turn within each round. */
    private static long[] medianCpuNanos(List<Runnable> actions) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        actions.forEach(Runnable::run);
        long[][] t = new long[actions.size()][7];
        for (int round = 0; round < 7; round++) {
            for (int k = 0; k < actions.size(); k++) {
                long start = cpu.getCurrentThreadCpuTime();
                actions.get(k).run();
                t[k][round] = cpu.getCurrentThreadCpuTime() - start;
            }
        }
        long[] medians = new long[actions.size()];
        for (int k = 0; k < medians.length; k++) {
            java.util.Arrays.sort(t[k]);
            medians[k] = t[k][t[k].length / 2];
        }
        return medians;
    }
}
