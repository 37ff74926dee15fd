package dev.jdora.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import dev.jdora.core.internal.Suggestions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The messages of a wrong command line and of failed commands: one line saying what is wrong, with a "did you mean"
 * where picocli finds one, then where to read more. Never a stack trace.
 */
final class UsageErrors {

    private UsageErrors() {
    }

    /** Reports a wrong command line (unknown command or option, missing or conflicting arguments); exit 2. */
    static int report(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        if (e instanceof UnmatchedArgumentException unmatched && isUnknownCommand(unmatched)) {
            String name = unmatched.getUnmatched().get(0);
            // a typo is an edit or two away; picocli's own ranking also offers far words ('frobnicate': 'topic')
            Optional<String> similar = Suggestions.closest(name, commandLine.getSubcommands().keySet());
            err.println("error: unknown command '" + name + "' (" + similar.map(c -> "did you mean '" + c + "'?")
                    .orElse("the commands are " + String.join(", ", commandLine.getSubcommands().keySet())) + ")");
        } else {
            err.println("error: " + withoutPicocliPrefix(e.getMessage()));
            if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                err.println("did you mean " + unmatched.getSuggestions().stream().map(w -> "'" + w + "'")
                        .collect(Collectors.joining(" or ")) + "?");
            }
        }
        err.println("try: " + commandLine.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return Main.USER_ERROR;
    }

    /** A word where a command was expected, at a command that has commands (not an option, not a file name). */
    private static boolean isUnknownCommand(UnmatchedArgumentException e) {
        List<String> unmatched = e.getUnmatched();
        return !e.getCommandLine().getSubcommands().isEmpty() && !unmatched.isEmpty()
                && !unmatched.get(0).startsWith("-");
    }

    /** picocli starts some messages with {@code Error: }; ours already say {@code error:}. */
    static String withoutPicocliPrefix(String message) {
        return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
    }

    /** What failed, for a command that threw: {@code cannot write x.html: no such directory}, say. */
    static String describe(Exception e) {
        if (e instanceof IOException io) {
            return describe(io);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** What an I/O failure means, without the exception's name: {@code /x/y.html: permission denied}. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            return fs.getFile() + ": " + reason(fs);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** {@code cannot write /x/y.html: no such directory}: why writing {@code file} failed with {@code e}. */
    static String cannotWrite(Path file, IOException e) {
        Path parent = file.toAbsolutePath().getParent();
        String why;
        if (parent != null && !Files.exists(parent)) {
            why = "no such directory";
        } else if (parent != null && !Files.isDirectory(parent)) {
            why = parent + " is not a directory";
        } else if (Files.isDirectory(file)) {
            why = "it is a directory";
        } else if (e instanceof FileSystemException fs) {
            why = reason(fs);
        } else {
            why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return "cannot write " + file + ": " + why;
    }

    /** Why a file operation failed, in words. */
    static String reason(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }
}
