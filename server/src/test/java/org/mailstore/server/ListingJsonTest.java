package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/** {@code account list --json} and {@code mailbox list --json}: what scripts read, checked by a JSON parser. */
class ListingJsonTest {
    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(ServeExternalDatabaseTest.env(TestDatabase.fresh(), dir.resolve("data")), dir);
    }

    private Cli.Result ok(String stdin, String... args) {
        Cli.Result r = cli.runWithInput(stdin.getBytes(StandardCharsets.UTF_8), Optional.empty(), args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.get(field).asText()));
        return values;
    }

    @Test
    void accountListJsonIsOneArrayOfAccounts() throws Exception {
        assertEquals("[]\n", ok("", "account", "list", "--json").out().replace("\r\n", "\n"));
        ok("pw\n", "account", "add", "b@example.org", "--password-stdin");
        ok("pw\n", "account", "add", "a@example.org", "--password-stdin");
        JsonNode accounts = new ObjectMapper().readTree(ok("", "account", "list", "--json").out());
        assertEquals(List.of("a@example.org", "b@example.org"), texts(accounts, "address"));
        assertEquals(List.of("false", "false"), texts(accounts, "disabled"));
        assertTrue(accounts.get(0).get("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), accounts.toString());
    }

    @Test
    void mailboxListJsonCarriesTheCountersAndQuotesNames() throws Exception {
        ok("pw\n", "account", "add", "a@example.org", "--password-stdin");
        ok("", "mailbox", "create", "a@example.org", "Say \"hi\"");
        ok("From: s@example.org\r\nSubject: x\r\n\r\nbody\r\n", "deliver", "--to", "a@example.org");
        JsonNode boxes = new ObjectMapper().readTree(ok("", "mailbox", "list", "a@example.org", "--json").out());
        assertEquals(List.of("Archive", "Drafts", "INBOX", "Junk", "Say \"hi\"", "Sent", "Trash"), texts(boxes, "name"));
        JsonNode inbox = boxes.get(2);
        assertEquals(1, inbox.get("messages").asLong());
        assertEquals(1, inbox.get("unseen").asLong());
        assertEquals(2, inbox.get("uidnext").asLong());
        assertTrue(inbox.get("size").asLong() > 0 && inbox.get("uidvalidity").asLong() > 0, inbox.toString());
    }
}
