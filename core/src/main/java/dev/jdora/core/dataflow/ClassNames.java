package dev.jdora.core.dataflow;

import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.Node;

/** The syntax of a {@code class:} value: a binary class name such as {@code com.example.Camera$Main}. */
final class ClassNames {

    private static final Pattern NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private ClassNames() {
    }

    /** Whether {@code name} can be a class name; reports it if not. */
    static boolean check(YamlTree tree, Node at, String context, String name) {
        if (NAME.matcher(name).matches()) {
            return true;
        }
        tree.report(at, context, "'class' must be a class name like 'com.example.Camera', not '" + name + "'");
        return false;
    }
}
