package org.mailstore.lmtpd;

import java.util.EnumSet;
import java.util.Set;
import org.mailstore.lmtpd.LmtpCommand.Bdat;
import org.mailstore.lmtpd.LmtpCommand.Data;
import org.mailstore.lmtpd.LmtpCommand.Lhlo;
import org.mailstore.lmtpd.LmtpCommand.MailFrom;
import org.mailstore.lmtpd.LmtpCommand.Noop;
import org.mailstore.lmtpd.LmtpCommand.Quit;
import org.mailstore.lmtpd.LmtpCommand.RcptTo;
import org.mailstore.lmtpd.LmtpCommand.Rset;
import org.mailstore.lmtpd.LmtpCommand.StartTls;
import org.mailstore.lmtpd.LmtpCommand.Vrfy;

/**
 * The one table of which command may come when (RFC 5321 §4.1.4, RFC 2033 §4.2), and the 503
 * reply for one that comes too early or too late. The session consults it before running anything.
 */
final class CommandTable {
    private static final Set<LmtpState> ANY = EnumSet.allOf(LmtpState.class);
    private static final Set<LmtpState> GREETED = EnumSet.of(LmtpState.READY, LmtpState.MAIL_GIVEN, LmtpState.RCPT_GIVEN);

    private CommandTable() {}

    static Set<LmtpState> allowedIn(LmtpCommand c) {
        return switch (c) {
            case Lhlo l -> ANY;
            case MailFrom m -> EnumSet.of(LmtpState.READY);
            case RcptTo r -> EnumSet.of(LmtpState.MAIL_GIVEN, LmtpState.RCPT_GIVEN);
            case Data d -> EnumSet.of(LmtpState.RCPT_GIVEN);
            case Bdat b -> EnumSet.of(LmtpState.RCPT_GIVEN);
            case Rset r -> ANY;
            case Noop n -> ANY;
            case Vrfy v -> GREETED;
            case Quit q -> ANY;
            case StartTls s -> EnumSet.of(LmtpState.READY);
        };
    }

    /** The verb, for metrics: a fixed word whatever the client typed. */
    static String name(LmtpCommand c) {
        return switch (c) {
            case Lhlo l -> "LHLO";
            case MailFrom m -> "MAIL";
            case RcptTo r -> "RCPT";
            case Data d -> "DATA";
            case Bdat b -> "BDAT";
            case Rset r -> "RSET";
            case Noop n -> "NOOP";
            case Vrfy v -> "VRFY";
            case Quit q -> "QUIT";
            case StartTls s -> "STARTTLS";
        };
    }

    /** Why {@code c} may not run in {@code state}. */
    static LmtpReply refusal(LmtpCommand c, LmtpState state) {
        if (state == LmtpState.CONNECTED) return LmtpReplies.LHLO_FIRST;
        return switch (c) {
            case MailFrom m -> LmtpReplies.NESTED_MAIL;
            case StartTls s -> LmtpReplies.TLS_IN_TRANSACTION;
            case Data d when state == LmtpState.MAIL_GIVEN -> LmtpReplies.NO_RECIPIENTS;
            case Bdat b when state == LmtpState.MAIL_GIVEN -> LmtpReplies.NO_RECIPIENTS;
            default -> LmtpReplies.MAIL_FIRST;
        };
    }
}
