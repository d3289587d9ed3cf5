package dev.sealedsms.dispatch.inbound;

import java.util.Locale;
import java.util.Optional;

/** What an MO's first word asks for (CTIA / carrier conventions). Anything else is a plain inbound message. */
public enum Keyword {
    STOP(Action.OPT_OUT), STOPALL(Action.OPT_OUT), UNSUBSCRIBE(Action.OPT_OUT), CANCEL(Action.OPT_OUT),
    END(Action.OPT_OUT), QUIT(Action.OPT_OUT),
    START(Action.OPT_IN), UNSTOP(Action.OPT_IN),
    HELP(Action.HELP);

    /** What the keyword does. */
    public enum Action {
        OPT_OUT, OPT_IN, HELP
    }

    public final Action action;

    Keyword(Action action) {
        this.action = action;
    }

    /** The keyword {@code text} is, if its first word (case and surrounding punctuation ignored) is one. */
    public static Optional<Keyword> of(String text) {
        String first = text.strip().split("\\s+", 2)[0].replaceAll("^\\p{Punct}+|\\p{Punct}+$", "")
                .toUpperCase(Locale.ROOT);
        for (Keyword k : values()) {
            if (k.name().equals(first)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
