package dev.jdora.core.dataflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads a dataflow file: reads it (at most {@link SafeYaml#MAX_SIZE} bytes of UTF-8), composes it safely into a
 * YAML tree, reads the model and validates it. Every problem, from a missing file to an unknown source node, ends
 * as a {@link DataflowException} listing all problems found, each as {@code file:line:column: message}.
 * Stateless; any thread may call it; it blocks only to read the file.
 */
final class DataflowLoader {

    private DataflowLoader() {
    }

    /** Loads and validates {@code file}. */
    static Dataflow load(Path file) throws DataflowException {
        return parse(read(file), file);
    }

    /**
     * Parses and validates YAML text.
     *
     * @param fileNameForMessages names the file in problems, and is the base of relative {@code classpath:} entries
     */
    static Dataflow parse(String yamlText, Path fileNameForMessages) throws DataflowException {
        Optional<Node> root = SafeYaml.compose(yamlText, fileNameForMessages);
        Problems problems = new Problems(fileNameForMessages);
        DataflowReader reader = new DataflowReader(new YamlTree(problems));
        Dataflow dataflow = reader.read(root, fileNameForMessages);
        if (!dataflow.nodes().isEmpty()) {
            new DataflowValidator(problems, new TypeCompatibility(reader.typeRules()), reader.foreignNodes())
                    .validate(dataflow);
        }
        problems.throwIfAny();
        return dataflow;
    }

    private static String read(Path file) throws DataflowException {
        if (Files.isDirectory(file)) {
            throw Problems.single(file, "is a directory, not a dataflow file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Read one byte more than allowed rather than trusting the size reported before reading.
            bytes = in.readNBytes(SafeYaml.MAX_SIZE + 1);
            if (bytes.length > SafeYaml.MAX_SIZE) {
                throw Problems.single(file, SafeYaml.tooLarge(Math.max(Files.size(file), bytes.length)));
            }
        } catch (NoSuchFileException e) {
            throw Problems.single(file, "file not found");
        } catch (AccessDeniedException e) {
            throw Problems.single(file, "cannot read the file: permission denied");
        } catch (IOException e) {
            throw Problems.single(file, "cannot read the file: " + e.getMessage());
        }
        return decode(bytes, file);
    }

    private static String decode(byte[] bytes, Path file) throws DataflowException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw Problems.single(file, "not a text file: a dataflow file must be UTF-8 YAML");
        }
    }
}
