package dev.jdora.core.dataflow;

import java.nio.file.Path;

/**
 * Where something was written in a dataflow file: 1-based line and column.
 *
 * @param file   the dataflow file as the user named it
 * @param line   1-based line
 * @param column 1-based column
 */
public record SourceLocation(Path file, int line, int column) {

    /** Formats as {@code file:line:column}, the prefix of every validation message. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
