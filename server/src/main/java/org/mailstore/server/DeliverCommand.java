package org.mailstore.server;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailstore.store.DeliveryOutcome;
import org.mailstore.store.Recipient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailstore deliver}: the local delivery agent. Takes the message on standard input and
 * delivers it through the same store path as LMTP, once, to every recipient.
 */
@Command(name = "deliver",
        description = {"Deliver the message on standard input to one or more accounts.",
                "Prints one line per delivered recipient: ADDR MAILBOX uid=N blob=SHA256",
                "and one line on stderr per recipient that failed; exits 1 if any failed."})
final class DeliverCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "ADDR", description = "A recipient; repeat for several.")
    private List<String> recipients;

    @Option(names = "--mailbox", paramLabel = "NAME",
            description = "Deliver into this mailbox instead of INBOX (or the +detail of the address).")
    private String mailbox;

    DeliverCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        List<Recipient> to = recipients.stream().map(r -> new Recipient(r, mailbox)).toList();
        return StoreCommands.run(spec, store -> {
            List<DeliveryOutcome> outcomes = store.delivery().deliver(context.in(), to, Instant.now());
            return report(outcomes);
        });
    }

    private int report(List<DeliveryOutcome> outcomes) {
        PrintStream out = context.out();
        int code = ExitCodes.OK;
        for (DeliveryOutcome o : outcomes) {
            if (o.failure() == null) {
                out.println(o.recipient().address() + " " + o.mailbox() + " uid=" + o.uid() + " blob=" + o.blobHash());
            } else {
                context.err().println("mailstore deliver: " + o.recipient().address() + ": "
                        + MailstoreCommand.describe(o.failure()));
                code = ExitCodes.FAILURE;
            }
        }
        out.flush();
        return code;
    }
}
