package dev.jdora.core.dataflow;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns YAML text into a node tree with positions, safely: the tree holds only strings, lists and mappings (no
 * object construction at all), and size, nesting depth and aliases are bounded so that a hostile file cannot
 * exhaust memory or stack. Every YAML error becomes a {@link DataflowException} with a located problem.
 */
final class SafeYaml {

    /** The largest dataflow file we read, in bytes (and characters). */
    static final int MAX_SIZE = 1024 * 1024;

    /** How deeply lists and mappings may nest; a dataflow needs about six levels. */
    static final int MAX_DEPTH = 64;

    /** How many aliases of lists or mappings a file may use; keeps "billion laughs" out. */
    static final int MAX_ALIASES = 50;

    private SafeYaml() {
    }

    /**
     * The document's root node, or empty for a file without a document (empty, or only comments).
     *
     * @throws DataflowException if the text is too large, too deep or not YAML
     */
    static Optional<Node> compose(String text, Path file) throws DataflowException {
        if (text.length() > MAX_SIZE) {
            throw Problems.single(file, tooLarge(text.length()));
        }
        LoadSettings settings = settings(file);
        try {
            checkBounds(settings, text, file);
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            throw located(file, e.getProblemMark().or(e::getContextMark), invalid(e));
        } catch (ReaderException e) {
            throw new DataflowException(List.of(new Problem(position(file, text, e.getPosition()),
                    "not a YAML text file: character " + String.format("U+%04X", e.getCodePoint())
                            + " is not allowed")));
        } catch (YamlEngineException e) {
            throw located(file, Optional.empty(), "invalid YAML: " + e.getMessage());
        } catch (RuntimeException e) {
            // Fuzzers have found index errors in YAML parsers before; a user's file must still get a clean message.
            throw located(file, Optional.empty(), "invalid YAML: " + e);
        }
    }

    static String tooLarge(long size) {
        return "file is too large: " + size + " bytes, a dataflow file may have at most " + MAX_SIZE;
    }

    private static LoadSettings settings(Path file) {
        return LoadSettings.builder()
                .setLabel(file.toString())
                .setSchema(new CoreSchema())
                .setUseMarks(true)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_SIZE)
                .setParseComments(false)
                .build();
    }

    /**
     * Checks depth and aliases on the parser's events before composing. The composer is recursive, so a deeply
     * nested file could overflow the stack there; the parser is not. The composer also limits aliases, but reports
     * no position; counting them here points at the alias that is one too many.
     */
    private static void checkBounds(LoadSettings settings, String text, Path file) throws DataflowException {
        int depth = 0;
        int aliases = 0;
        Set<Anchor> collections = new HashSet<>();
        for (Event event : new Parse(settings).parseString(text)) {
            Event.ID id = event.getEventId();
            if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
                ((NodeEvent) event).getAnchor().ifPresent(collections::add);
                if (++depth > MAX_DEPTH) {
                    throw located(file, event.getStartMark(),
                            "lists and mappings nest too deeply (at most " + MAX_DEPTH + " levels)");
                }
            } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
                depth--;
            } else if (id == Event.ID.Alias && collections.contains(((AliasEvent) event).getAlias())
                    && ++aliases > MAX_ALIASES) {
                throw located(file, event.getStartMark(),
                        "too many aliases of lists or mappings (at most " + MAX_ALIASES + ")");
            }
        }
    }

    private static String invalid(MarkedYamlEngineException e) {
        String context = e.getContext();
        String problem = e.getProblem();
        String what = context == null || context.isBlank() ? problem : context + ": " + problem;
        return "invalid YAML: " + what.strip();
    }

    private static DataflowException located(Path file, Optional<Mark> mark, String message) {
        Problems problems = new Problems(file);
        problems.add(mark.map(problems::at).orElseGet(problems::start), message);
        return new DataflowException(problems.sorted());
    }

    /** The 1-based position of a code point offset, for reader errors that carry no mark. */
    private static SourceLocation position(Path file, String text, int codePointOffset) {
        int line = 1;
        int column = 1;
        int end = text.offsetByCodePoints(0, Math.min(codePointOffset, text.codePointCount(0, text.length())));
        for (int i = 0; i < end; i = text.offsetByCodePoints(i, 1)) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourceLocation(file, line, column);
    }
}
