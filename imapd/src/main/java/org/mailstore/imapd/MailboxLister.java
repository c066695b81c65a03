package org.mailstore.imapd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.ListReturn;
import org.mailstore.imapd.command.ImapCommand.ListSelection;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MailboxName;

/**
 * LIST and LSUB (RFC 9051 §6.3.9, RFC 5258 LIST-EXTENDED, RFC 6154 SPECIAL-USE, RFC 5819 LIST-STATUS, RFC 3348
 * CHILDREN), answered from the database: the account's mailboxes and subscriptions, matched against the patterns
 * here. Every LIST response carries \HasChildren or \HasNoChildren and the special-use attribute; \Subscribed when
 * the client asked for subscriptions.
 */
final class MailboxLister {
    static final String DELIMITER = String.valueOf(MailboxName.DELIMITER);

    private MailboxLister() {}

    static String list(ImapSession s, ImapCommand.ListMailboxes c) throws IOException {
        String command = c.lsub() ? "LSUB" : "LIST";
        List<Pattern> patterns = new ArrayList<>();
        boolean root = false;
        for (String p : c.patterns()) {
            if (p.isEmpty()) root = true;
            else patterns.add(glob(s.storeName(c.reference() + p)));
        }
        if (root && c.selection().isEmpty() && !c.lsub()) {
            s.send("* LIST (\\Noselect) \"" + DELIMITER + "\" \"\"");
        }
        if (patterns.isEmpty()) return "OK " + command + " completed.";

        List<MailboxInfo> mailboxes = s.store.mailboxes().list(s.account);
        Map<String, MailboxInfo> byName = new HashMap<>();
        for (MailboxInfo m : mailboxes) byName.put(m.name(), m);
        Set<String> subscribed = new TreeSet<>(s.store.mailboxes().subscriptions(s.account));

        if (c.lsub()) {
            for (String name : subscribed) {
                if (matches(patterns, name)) s.out.atom("* LSUB () \"" + DELIMITER + "\" ").string(s.wireName(name)).crlf();
            }
            return "OK LSUB completed.";
        }

        boolean onlySubscribed = c.selection().contains(ListSelection.SUBSCRIBED);
        boolean recursive = c.selection().contains(ListSelection.RECURSIVEMATCH);
        boolean showSubscribed = onlySubscribed || c.returns().contains(ListReturn.SUBSCRIBED);
        Set<String> candidates = new LinkedHashSet<>();
        if (onlySubscribed) {
            candidates.addAll(subscribed);
            if (recursive) for (String sub : subscribed) candidates.addAll(ancestors(sub));
        } else {
            for (MailboxInfo m : mailboxes) candidates.add(m.name());
        }
        for (String name : new TreeSet<>(candidates)) {
            if (!matches(patterns, name)) continue;
            MailboxInfo info = byName.get(name);
            boolean isSubscribed = subscribed.contains(name);
            boolean childSubscribed = recursive && subscribed.stream().anyMatch(x -> x.startsWith(name + DELIMITER));
            if (onlySubscribed && !isSubscribed && !childSubscribed) continue;
            if (c.selection().contains(ListSelection.SPECIAL_USE) && (info == null || info.specialUse() == null)) continue;
            List<String> attributes = new ArrayList<>();
            if (info == null) {
                attributes.add("\\NonExistent");
            } else {
                boolean children = byName.keySet().stream().anyMatch(x -> x.startsWith(name + DELIMITER));
                attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
                if (info.specialUse() != null) attributes.add(info.specialUse());
            }
            if (showSubscribed && isSubscribed) attributes.add("\\Subscribed");
            s.out.atom("* LIST ").atomList(attributes).atom(" \"" + DELIMITER + "\" ").string(s.wireName(name));
            if (childSubscribed && !isSubscribed) s.out.atom(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
            s.out.crlf();
            if (info != null && c.returns().contains(ListReturn.STATUS) && !c.statusItems().isEmpty()) {
                MailboxCommands.writeStatus(s, info, c.statusItems());
            }
        }
        return "OK LIST completed.";
    }

    static boolean matches(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) if (p.matcher(name).matches()) return true;
        return false;
    }

    /**
     * A LIST pattern as a regex: {@code *} matches anything, {@code %} anything but the delimiter; a first level
     * spelled INBOX in any case means INBOX (RFC 9051 §5.1).
     */
    static Pattern glob(String pattern) {
        String p = pattern;
        if (p.length() >= 5 && p.substring(0, 5).toUpperCase(Locale.ROOT).equals(MailboxName.INBOX)
                && (p.length() == 5 || p.charAt(5) == MailboxName.DELIMITER)) {
            p = MailboxName.INBOX + p.substring(5);
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            if (ch == '*' || ch == '%') {
                if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(ch == '*' ? ".*" : "[^" + Pattern.quote(DELIMITER) + "]*");
            } else {
                literal.append(ch);
            }
        }
        if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static List<String> ancestors(String name) {
        List<String> out = new ArrayList<>();
        for (int i = name.indexOf(MailboxName.DELIMITER); i > 0; i = name.indexOf(MailboxName.DELIMITER, i + 1)) {
            out.add(name.substring(0, i));
        }
        return out;
    }
}
