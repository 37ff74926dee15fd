package dev.jdora.core.dataflow;

import java.nio.file.Path;
import java.util.List;

/** Placeholder until the loader lands. */
final class DataflowLoader {
    private DataflowLoader() {
    }

    static Dataflow load(Path file) throws DataflowException {
        throw new DataflowException(List.of(new Problem(new SourceLocation(file, 1, 1), "loader not yet available")));
    }
}
