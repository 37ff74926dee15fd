package dev.jdora.cli.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * The Maven project {@code jdora new} writes: a pom that imports {@code jdora-bom} and uses the jdora Maven plugin,
 * a pull-loop node, a reactive node, a sink, a dataflow that ends by itself, and NodeTestHarness tests. The files are
 * resources of this jar ({@code template/project/}); {@code __GROUP_ID__}, {@code __ARTIFACT_ID__},
 * {@code __PACKAGE__} and {@code __JDORA_VERSION__} (and the versions of JUnit and SLF4J jdora is built with) in them
 * are replaced, and Java files go into the package's directory. Immutable; {@link #writeTo} blocks on file I/O.
 *
 * @param groupId    the project's Maven groupId
 * @param artifactId the project's Maven artifactId
 * @param javaPackage the package of the nodes and tests
 */
public record ProjectTemplate(String groupId, String artifactId, String javaPackage) {

    private static final String ROOT = "/dev/jdora/cli/template/";
    private static final List<String> FILES = List.of("pom.xml", "dataflow.yml", "README.md", "gitignore",
            "src/main/java/Counter.java", "src/main/java/Square.java", "src/main/java/Sink.java",
            "src/test/java/NodesTest.java");
    /** Maven's own rule for a groupId or artifactId. */
    private static final Pattern MAVEN_ID = Pattern.compile("[A-Za-z0-9_\\-.]+");
    private static final Properties VERSIONS = versions();

    /** The jdora version a new project depends on: the version of this command line. */
    public static String jdoraVersion() {
        return VERSIONS.getProperty("jdora");
    }

    /**
     * A valid package name made of {@code groupId} and {@code artifactId}: lower case, what a Java name cannot hold
     * left out, a keyword or a leading digit escaped with {@code _}.
     */
    public static String defaultPackage(String groupId, String artifactId) {
        List<String> parts = new ArrayList<>();
        for (String part : (groupId + "." + artifactId).toLowerCase(Locale.ROOT).split("\\.")) {
            String name = part.codePoints().filter(Character::isJavaIdentifierPart)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            if (name.isEmpty()) {
                continue;
            }
            if (!Character.isJavaIdentifierStart(name.codePointAt(0)) || SourceVersion.isKeyword(name)) {
                name = "_" + name;
            }
            parts.add(name);
        }
        return String.join(".", parts);
    }

    /** Every problem of these values, each naming the option it comes from; empty if there is none. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!MAVEN_ID.matcher(groupId).matches()) {
            problems.add("--group '" + groupId + "' is not a Maven groupId (letters, digits, '.', '-', '_')");
        }
        if (!MAVEN_ID.matcher(artifactId).matches()) {
            problems.add("--artifact '" + artifactId + "' is not a Maven artifactId (letters, digits, '.', '-', '_');"
                    + " give one with --artifact");
        }
        if (!SourceVersion.isName(javaPackage) || javaPackage.equals("java") || javaPackage.startsWith("java.")) {
            problems.add("--package '" + javaPackage + "' is not a Java package name a project can use");
        }
        return problems;
    }

    /**
     * Writes the project into {@code directory}, which must not hold any of its files (none is overwritten).
     *
     * @return the files written, relative to {@code directory}
     * @throws IOException if a file cannot be written, or exists already
     */
    public List<Path> writeTo(Path directory) throws IOException {
        List<Path> written = new ArrayList<>();
        for (String file : FILES) {
            Path target = directory.resolve(targetOf(file));
            Files.createDirectories(target.getParent());
            Files.writeString(target, render(read(file)), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            written.add(directory.relativize(target));
        }
        return written;
    }

    private String targetOf(String file) {
        if (file.equals("gitignore")) {
            return ".gitignore"; // a resource named .gitignore would be left out of the jar by Maven's default excludes
        }
        int java = file.indexOf("/java/");
        if (java < 0) {
            return file;
        }
        String folder = file.substring(0, java + "/java/".length());
        return folder + javaPackage.replace('.', '/') + "/" + file.substring(folder.length());
    }

    private String render(String text) {
        return text.replace("__GROUP_ID__", groupId).replace("__ARTIFACT_ID__", artifactId)
                .replace("__PACKAGE__", javaPackage).replace("__JDORA_VERSION__", jdoraVersion())
                .replace("__JUNIT_VERSION__", VERSIONS.getProperty("junit"))
                .replace("__SLF4J_VERSION__", VERSIONS.getProperty("slf4j"));
    }

    private static String read(String file) {
        try (InputStream in = ProjectTemplate.class.getResourceAsStream(ROOT + "project/" + file)) {
            if (in == null) {
                throw new IllegalStateException("template file " + file + " is missing from the jdora-cli jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties versions() {
        Properties versions = new Properties();
        try (InputStream in = ProjectTemplate.class.getResourceAsStream(ROOT + "versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the jdora-cli jar");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }
}
