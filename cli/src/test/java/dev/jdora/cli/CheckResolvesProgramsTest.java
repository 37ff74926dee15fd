package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdora check} finds what {@code run} would not: classes that are not on the class path, binaries that do not
 * exist or cannot run; it looks at them without running any code of the dataflow.
 */
class CheckResolvesProgramsTest {

    @TempDir
    Path dir;

    @Test
    void aMissingClassAndAMissingBinaryAreTwoLocatedProblems() throws Exception {
        Path f = write("flow.yml", """
                nodes:
                  - id: source
                    class: com.example.NoSuchSource
                    outputs: [value]
                  - id: sink
                    path: bin/no-such-sink
                    inputs:
                      value: source/value
                """);

        CliOutcome o = jdora("check", f.toString());

        assertThat(o.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(o.problems()).containsExactly(
                f + ":2:5: node 'source': class: cannot find class 'com.example.NoSuchSource' on the class path "
                        + "(the dataflow has no 'classpath:'; add its jar or classes directory with 'classpath:' "
                        + "in the dataflow or --classpath)",
                f + ":5:5: node 'sink': path: no such file '" + dir.resolve("bin/no-such-sink") + "'");
        assertThat(o.errLines()).last().isEqualTo("2 problems");
        assertThat(o.out()).doesNotContain("ok");
        o.assertNoStackTrace();
    }

    @Test
    void theClasspathOptionFindsAClassThatTheDataflowsClasspathDoesNot() throws Exception {
        Path classes = compileDemoClasses();
        Path f = write("flow.yml", """
                classpath: [lib/nothing-here.jar]
                nodes:
                  - id: hello
                    class: demo.Hello
                """);

        CliOutcome without = jdora("check", f.toString());
        CliOutcome with = jdora("check", "--classpath", classes.toString(), f.toString());

        assertThat(without.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(without.problems()).singleElement().asString().contains("cannot find class 'demo.Hello'")
                .contains("its entry '" + dir.resolve("lib/nothing-here.jar") + "' does not exist");
        assertThat(with.exit()).as(with.err()).isZero();
        assertThat(with.out()).isEqualTo(f + ": ok (1 node)" + System.lineSeparator());
    }

    @Test
    void checkingAClassRunsNoneOfItsCode() throws Exception {
        Path classes = compileDemoClasses();
        Path f = write("flow.yml", """
                nodes:
                  - id: loud
                    class: demo.Loud
                """);

        CliOutcome o = jdora("check", "-cp", classes.toString(), f.toString());

        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(dir.resolve("loud-ran")).as("written by demo.Loud's static initializer").doesNotExist();
    }

    @Test
    void aMistypedClassGetsADidYouMeanFromTheClassPath() throws Exception {
        Path classes = compileDemoClasses();
        Path f = write("flow.yml", """
                nodes:
                  - id: hello
                    class: demo.Helo
                  - id: elsewhere
                    class: other.Hello
                  - id: rt
                    operators:
                      - id: op
                        class: demo.NotAnOperator
                """);

        CliOutcome o = jdora("check", "-cp", classes.toString(), f.toString());

        assertThat(o.problems()).hasSize(3);
        assertThat(o.problems().subList(0, 2)).containsExactly(
                f + ":2:5: node 'hello': class: cannot find class 'demo.Helo' on the class path "
                        + "(did you mean 'demo.Hello'?)",
                f + ":4:5: node 'elsewhere': class: cannot find class 'other.Hello' on the class path "
                        + "(did you mean 'demo.Hello'?)");
        assertThat(o.problems().get(2)).startsWith(f + ":8:9: node 'rt': operator 'op': class: class "
                + "'demo.NotAnOperator' does not implement dev.jdora.core.Operator");
    }

    @Test
    void aClassWhoseSuperclassIsMissingNamesTheMissingOne() throws Exception {
        Path classes = compileDemoClasses();
        Files.delete(classes.resolve("demo/Base.class"));
        Path f = write("flow.yml", """
                nodes:
                  - id: derived
                    class: demo.Derived
                """);

        CliOutcome o = jdora("check", "-cp", classes.toString(), f.toString());

        assertThat(o.problems()).containsExactly(f + ":2:5: node 'derived': class: class 'demo.Derived' needs class "
                + "'demo.Base', which is not on the class path");
        o.assertNoStackTrace();
    }

    @Test
    void aBinaryThatIsNotExecutableOrADirectoryIsAProblem() throws Exception {
        write("plain.sh", "echo hi\n");
        Files.createDirectories(dir.resolve("folder"));
        Path f = write("flow.yml", """
                nodes:
                  - id: plain
                    path: plain.sh
                  - id: folder
                    path: folder
                """);

        CliOutcome o = jdora("check", f.toString());

        assertThat(o.problems()).containsExactly(
                f + ":2:5: node 'plain': path: 'plain.sh' is not executable (chmod +x it, or use 'class:')",
                f + ":4:5: node 'folder': path: '" + dir.resolve("folder")
                        + "' is a directory, not a program or a jar");
    }

    /**
     * {@code demo.Hello} (a main), {@code demo.Loud} (a main whose static initializer writes {@code loud-ran} in the
     * test directory), {@code demo.NotAnOperator} and {@code demo.Derived} (a main) extending {@code demo.Base},
     * compiled into a directory of their own that is not on the test's class path.
     */
    private Path compileDemoClasses() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(src.resolve("Hello.java"), """
                package demo;
                public class Hello { public static void main(String[] args) { } }
                """);
        Files.writeString(src.resolve("Loud.java"), """
                package demo;
                public class Loud {
                    static {
                        try {
                            java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "ran");
                        } catch (java.io.IOException e) {
                            throw new RuntimeException(e);
                        }
                    }
                    public static void main(String[] args) { }
                }
                """.formatted(dir.resolve("loud-ran").toString().replace("\\", "\\\\")));
        Files.writeString(src.resolve("NotAnOperator.java"), """
                package demo;
                public class NotAnOperator { }
                """);
        Files.writeString(src.resolve("Base.java"), """
                package demo;
                public class Base { }
                """);
        Files.writeString(src.resolve("Derived.java"), """
                package demo;
                public class Derived extends Base { public static void main(String[] args) { } }
                """);
        Path classes = dir.resolve("classes");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Hello.java").toString(), src.resolve("Loud.java").toString(),
                src.resolve("NotAnOperator.java").toString(), src.resolve("Base.java").toString(),
                src.resolve("Derived.java").toString());
        assertThat(rc).as("javac").isZero();
        assertThat(Set.of("Hello.class", "Loud.class")).allSatisfy(c -> assertThat(classes.resolve("demo/" + c))
                .exists());
        return classes;
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
