package dev.sealedsms.policy.config;

import java.util.List;

/**
 * A policy document that must not be used, with every problem found, each as
 * {@code file:line:column: field: what is wrong}. Safe to log: it quotes no key hash, number or body.
 */
public class InvalidPolicyException extends RuntimeException {

    private final String file;
    private final List<Problem> problems;

    public InvalidPolicyException(String file, List<Problem> problems) {
        super(describe(file, problems), null, false, false);
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /**
     * One problem. {@code line} and {@code column} are 1-based, 0 when unknown (an unreadable file).
     */
    public record Problem(int line, int column, String field, String message) {
    }

    public String file() {
        return file;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(String file, List<Problem> problems) {
        StringBuilder sb = new StringBuilder("invalid policy document ").append(file).append(" (")
                .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
        for (Problem p : problems) {
            sb.append("\n  - ").append(file);
            if (p.line() > 0) {
                sb.append(':').append(p.line()).append(':').append(p.column());
            }
            sb.append(": ").append(p.field()).append(": ").append(p.message());
        }
        return sb.toString();
    }
}
