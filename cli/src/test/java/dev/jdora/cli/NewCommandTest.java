package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.cli.template.ProjectTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdora new}: what it writes, and what it refuses (exit 2, nothing written). */
class NewCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int jdoraNew(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                Stream.concat(Stream.of("new"), Stream.of(args)).toArray(String[]::new));
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesAProjectWithTheGivenCoordinatesAndTheRunningJdoraVersion() throws IOException {
        Path project = dir.resolve("hello");

        assertThat(jdoraNew(project.toString(), "--group", "org.acme", "--package", "org.acme.flow")).isZero();

        assertThat(filesUnder(project)).containsExactly(Path.of(".gitignore"), Path.of("README.md"),
                Path.of("dataflow.yml"), Path.of("pom.xml"), Path.of("src/main/java/org/acme/flow/Counter.java"),
                Path.of("src/main/java/org/acme/flow/Sink.java"), Path.of("src/main/java/org/acme/flow/Square.java"),
                Path.of("src/test/java/org/acme/flow/NodesTest.java"));
        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom).contains("<groupId>org.acme</groupId>", "<artifactId>hello</artifactId>",
                "<jdora.version>" + ProjectTemplate.jdoraVersion() + "</jdora.version>",
                "<artifactId>jdora-bom</artifactId>", "<artifactId>jdora-maven-plugin</artifactId>");
        assertThat(ProjectTemplate.jdoraVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(Files.readString(project.resolve("src/main/java/org/acme/flow/Counter.java")))
                .startsWith("package org.acme.flow;");
        assertThat(Files.readString(project.resolve("dataflow.yml"))).contains("class: org.acme.flow.Counter",
                "class: org.acme.flow.Square", "class: org.acme.flow.Sink");
        for (Path file : filesUnder(project)) {
            assertThat(Files.readString(project.resolve(file))).as(file.toString()).doesNotContain("__");
        }
        assertThat(out.toString()).contains("created org.acme:hello", "mvn verify", "mvn jdora:run");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theArtifactIsTheDirectorysNameAndThePackageIsMadeOfGroupAndArtifact() throws IOException {
        Path project = Files.createDirectory(dir.resolve("My-Flow"));   // empty: fine

        assertThat(jdoraNew(project.toString())).isZero();

        assertThat(Files.readString(project.resolve("pom.xml"))).contains("<groupId>com.example</groupId>",
                "<artifactId>My-Flow</artifactId>");
        assertThat(project.resolve("src/main/java/com/example/myflow/Counter.java")).isRegularFile();
    }

    @Test
    void defaultPackagesAreValidJavaNames() {
        assertThat(ProjectTemplate.defaultPackage("org.example", "2fast-app")).isEqualTo("org.example._2fastapp");
        assertThat(ProjectTemplate.defaultPackage("com.example", "class")).isEqualTo("com.example._class");
        assertThat(ProjectTemplate.defaultPackage("io..x", "a.b")).isEqualTo("io.x.a.b");
    }

    @Test
    void refusesADirectoryThatIsNotEmptyAndWritesNothing() throws IOException {
        Path project = Files.createDirectory(dir.resolve("busy"));
        Files.writeString(project.resolve("notes.txt"), "mine");

        assertThat(jdoraNew(project.toString())).isEqualTo(Main.USER_ERROR);

        assertThat(err.toString()).contains("error: " + project + " is not empty");
        assertThat(filesUnder(project)).containsExactly(Path.of("notes.txt"));
        assertThat(Files.readString(project.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void refusesAFileAndNamesMavenOrJavaWouldRefuseWithEveryProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertThat(jdoraNew(file.toString())).isEqualTo(Main.USER_ERROR);
        assertThat(err.toString()).contains("exists and is not a directory");

        err.getBuffer().setLength(0);
        Path project = dir.resolve("bad");
        assertThat(jdoraNew(project.toString(), "--group", "my group", "--package", "org.1bad")).isEqualTo(2);

        assertThat(err.toString()).contains("--group 'my group' is not a Maven groupId")
                .contains("--package 'org.1bad' is not a Java package name");
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(project).doesNotExist();
    }
}
