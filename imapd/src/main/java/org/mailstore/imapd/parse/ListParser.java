package org.mailstore.imapd.parse;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.ListReturn;
import org.mailstore.imapd.command.ImapCommand.ListSelection;
import org.mailstore.imapd.command.ImapCommand.StatusItem;

/**
 * LIST (RFC 3501, RFC 5258 LIST-EXTENDED, RFC 6154 SPECIAL-USE, RFC 5819 LIST-STATUS) and LSUB. Unknown options are
 * BAD, as RFC 5258 §3 requires, and so is RECURSIVEMATCH without another selection option.
 */
final class ListParser {
    private ListParser() {}

    /** After {@code LIST}: {@code [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]}. */
    static ImapCommand list(CommandCursor in) throws SyntaxException {
        in.sp();
        Set<ListSelection> selection = EnumSet.noneOf(ListSelection.class);
        if (in.peek() == '(') {
            selectionOptions(in, selection);
            in.sp();
        }
        String reference = in.astring();
        in.sp();
        List<String> patterns = new ArrayList<>();
        if (in.take('(')) {
            do {
                in.items(patterns.size() + 1);
                patterns.add(in.listMailbox());
            } while (in.take(' '));
            in.expect(')', "expected ) after mailbox patterns");
        } else {
            patterns.add(in.listMailbox());
        }
        Set<ListReturn> returns = EnumSet.noneOf(ListReturn.class);
        List<StatusItem> statusItems = List.of();
        if (in.take(' ')) {
            if (!in.upperAtom().equals("RETURN")) throw new SyntaxException("expected RETURN");
            in.sp();
            statusItems = returnOptions(in, returns);
        }
        return new ImapCommand.ListMailboxes(reference, patterns, Set.copyOf(selection), Set.copyOf(returns),
                statusItems, false);
    }

    /** After {@code LSUB}: {@code SP mailbox SP list-mailbox}. */
    static ImapCommand lsub(CommandCursor in) throws SyntaxException {
        in.sp();
        String reference = in.astring();
        in.sp();
        String pattern = in.listMailbox();
        return new ImapCommand.ListMailboxes(reference, List.of(pattern), Set.of(), Set.of(), List.of(), true);
    }

    private static void selectionOptions(CommandCursor in, Set<ListSelection> selection) throws SyntaxException {
        in.expect('(', "expected ( before selection options");
        if (!in.take(')')) {
            do {
                selection.add(switch (in.upperAtom()) {
                    case "SUBSCRIBED" -> ListSelection.SUBSCRIBED;
                    case "REMOTE" -> ListSelection.REMOTE;
                    case "RECURSIVEMATCH" -> ListSelection.RECURSIVEMATCH;
                    case "SPECIAL-USE" -> ListSelection.SPECIAL_USE;
                    default -> throw new SyntaxException("unknown list selection option");
                });
            } while (in.take(' '));
            in.expect(')', "expected ) after selection options");
        }
        if (selection.contains(ListSelection.RECURSIVEMATCH)
                && !selection.contains(ListSelection.SUBSCRIBED) && !selection.contains(ListSelection.SPECIAL_USE)) {
            throw new SyntaxException("RECURSIVEMATCH needs another selection option");
        }
    }

    /** Fills {@code returns}; the status items of RETURN (STATUS (...)), empty when STATUS is not asked for. */
    private static List<StatusItem> returnOptions(CommandCursor in, Set<ListReturn> returns) throws SyntaxException {
        in.expect('(', "expected ( after RETURN");
        List<StatusItem> statusItems = List.of();
        if (!in.take(')')) {
            do {
                switch (in.upperAtom()) {
                    case "SUBSCRIBED" -> returns.add(ListReturn.SUBSCRIBED);
                    case "CHILDREN" -> returns.add(ListReturn.CHILDREN);
                    case "SPECIAL-USE" -> returns.add(ListReturn.SPECIAL_USE);
                    case "STATUS" -> {
                        if (!returns.add(ListReturn.STATUS)) throw new SyntaxException("STATUS given twice");
                        in.sp();
                        statusItems = CommandParser.statusItems(in);
                    }
                    default -> throw new SyntaxException("unknown list return option");
                }
            } while (in.take(' '));
            in.expect(')', "expected ) after return options");
        }
        return statusItems;
    }
}
