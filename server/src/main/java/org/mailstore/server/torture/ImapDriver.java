package org.mailstore.server.torture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One IMAP user of the torture: logs in to one of its accounts, learns the newest INBOX messages' UIDs (the first
 * FETCH after delivery announces them), then flags, moves, expunges or APPENDs, recording each answer (COPYUID,
 * APPENDUID) in the ledger, and an operation cut off by the crash as uncertain. Each account has one driver at
 * most, so no two sessions race for a message.
 */
final class ImapDriver implements Runnable {
    static final String PASSWORD = "torture";
    static final int RECENT_WINDOW = 40;
    static final int OPERATIONS_PER_LOGIN = 4;
    static final int APPEND_BODY_MAX = 20_000;
    static final int PAUSE_MILLIS = 100;
    private static final Pattern COPYUID = Pattern.compile("\\[COPYUID \\d+ \\d+ (\\d+)]");
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]");

    private final InetSocketAddress server;
    private final List<String> accounts;
    private final Ledger ledger;
    private final int trial;
    private final long seed;
    private final int index;
    private final Random random;
    private final BooleanSupplier running;
    private int appends;

    ImapDriver(InetSocketAddress server, List<String> accounts, Ledger ledger, long seed, int trial, int index, BooleanSupplier running) {
        this.server = server;
        this.accounts = accounts;
        this.ledger = ledger;
        this.trial = trial;
        this.seed = seed;
        this.index = index;
        this.random = new Random(CrashTorture.mix(seed, trial, -1 - index));
        this.running = running;
    }

    @Override
    public void run() {
        try {
            while (running.getAsBoolean()) {
                String account = accounts.get(random.nextInt(accounts.size()));
                try (ImapClient c = ImapClient.login(server, account, PASSWORD)) {
                    for (int i = 0; i < OPERATIONS_PER_LOGIN && running.getAsBoolean(); i++) operate(c, account);
                } catch (IOException e) {
                    Thread.sleep(PAUSE_MILLIS); // serve or its database is away: try again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void operate(ImapClient c, String account) throws IOException {
        MailboxReader.Selected s = MailboxReader.select(c, "INBOX");
        ledger.sawMailbox(account, "INBOX", s.uidValidity(), s.uidNext(), s.highestModseq());
        List<Ledger.Entry> candidates = new ArrayList<>();
        if (s.exists() > 0) {
            for (MailboxReader.Listed m : MailboxReader.list(c, Math.max(1, s.uidNext() - RECENT_WINDOW) + ":*")) {
                Ledger.Entry e = ledger.observed(account, "INBOX", m.uid(), m.messageId());
                if (e != null && e.state == Ledger.State.PRESENT && "INBOX".equals(e.mailbox) && e.uid == m.uid()) candidates.add(e);
            }
        }
        int op = random.nextInt(4);
        if (op == 3 || candidates.isEmpty()) {
            append(c, account);
            return;
        }
        Ledger.Entry e = candidates.get(random.nextInt(candidates.size()));
        switch (op) {
            case 0 -> flag(c, e);
            case 1 -> move(c, e);
            default -> expunge(c, e);
        }
    }

    private void flag(ImapClient c, Ledger.Entry e) throws IOException {
        if (ImapClient.isOk(c.command("UID STORE " + e.uid + " +FLAGS.SILENT (\\Flagged)"))) ledger.flagged(e);
    }

    private void move(ImapClient c, Ledger.Entry e) throws IOException {
        ledger.moving(e);
        List<ImapClient.Response> r = c.command("UID MOVE " + e.uid + " " + Ledger.MOVE_TARGET);
        if (!ImapClient.isOk(r)) {
            ledger.update(() -> e.state = Ledger.State.PRESENT);
            return;
        }
        for (ImapClient.Response line : r) {
            Matcher m = COPYUID.matcher(line.text());
            if (m.find()) {
                ledger.moved(e, Long.parseLong(m.group(1)));
                return;
            }
        }
        ledger.fail("MOVE OK without COPYUID for " + e);
    }

    private void expunge(ImapClient c, Ledger.Entry e) throws IOException {
        if (!ImapClient.isOk(c.command("UID STORE " + e.uid + " +FLAGS.SILENT (\\Deleted)"))) return;
        ledger.expunging(e);
        if (ImapClient.isOk(c.command("UID EXPUNGE " + e.uid))) ledger.expunged(e);
        else ledger.update(() -> e.state = Ledger.State.PRESENT);
    }

    private void append(ImapClient c, String account) throws IOException {
        String messageId = "<s" + seed + ".t" + trial + ".i" + index + ".a" + (appends++) + "@torture.test>";
        TortureMessage message = TortureMessage.of(random, messageId, account, 1 + random.nextInt(APPEND_BODY_MAX));
        Ledger.Entry e = ledger.sending(account, Ledger.MOVE_TARGET, message, trial, false);
        List<ImapClient.Response> r = c.commandWithLiteral("APPEND " + Ledger.MOVE_TARGET + " (\\Seen)", message.bytes());
        if (!ImapClient.isOk(r)) return; // refused: stays uncertain, which accepts either outcome
        Matcher m = APPENDUID.matcher(r.getLast().text());
        if (!m.find()) {
            ledger.fail("APPEND OK without APPENDUID for " + messageId + ": " + r.getLast().text());
            return;
        }
        ledger.acknowledged(e, Long.parseLong(m.group(1)));
    }
}
