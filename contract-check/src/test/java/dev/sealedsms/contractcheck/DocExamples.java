package dev.sealedsms.contractcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The code blocks of a Markdown document that are marked for testing: a block preceded by
 * {@code <!-- example: NAME -->} is the command of example NAME, one preceded by
 * {@code <!-- output: NAME -->} its expected output. The tests run what the document shows, so the
 * document cannot drift from what works.
 */
final class DocExamples {

    /** The address the documented commands use; the tests put the test broker's in its place. */
    static final String DOCUMENTED_BOOTSTRAP = "127.0.0.1:9092";

    private final Path file;
    private final List<String> lines;

    DocExamples(Path file) {
        this.file = file;
        try {
            this.lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String command(String name) {
        return block("example", name);
    }

    String output(String name) {
        return block("output", name);
    }

    /** The command (trimmed) as bash runs it against {@code bootstrap} instead of the documented address. */
    String commandAgainst(String name, String bootstrap) {
        String command = command(name);
        assertTrue(command.contains(DOCUMENTED_BOOTSTRAP),
                "example " + name + " of " + file.getFileName() + " does not use " + DOCUMENTED_BOOTSTRAP);
        return command.replace(DOCUMENTED_BOOTSTRAP, bootstrap).strip();
    }

    private String block(String kind, String name) {
        String marker = "<!-- " + kind + ": " + name + " -->";
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                int open = i + 1;
                while (open < lines.size() && lines.get(open).isBlank()) {
                    open++;
                }
                if (open >= lines.size() || !lines.get(open).startsWith("```")) {
                    fail(marker + " in " + file + " is not followed by a fenced code block");
                }
                List<String> body = new ArrayList<>();
                for (int j = open + 1; j < lines.size(); j++) {
                    if (lines.get(j).startsWith("```")) {
                        return String.join("\n", body) + "\n";
                    }
                    body.add(lines.get(j));
                }
                fail(marker + " in " + file + ": the code block is not closed");
            }
        }
        fail("no " + marker + " in " + file);
        return null;
    }
}
