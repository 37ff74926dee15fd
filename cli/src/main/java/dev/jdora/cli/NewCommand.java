package dev.jdora.cli;

import dev.jdora.cli.template.ProjectTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdora new DIR}: writes a ready Maven project ({@link ProjectTemplate}) into a new or empty directory. A
 * non-empty directory, or a name that Maven or Java would refuse, is a user error (exit status 2); nothing is written
 * then.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Create a Maven project for jdora nodes: a pull-loop node, a reactive node, a dataflow that "
                + "ends by itself and NodeTestHarness tests; the pom imports jdora-bom and uses the jdora Maven "
                + "plugin.",
            "Then: cd DIR && mvn verify && mvn jdora:run"})
final class NewCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the project's directory: a new or an empty one")
    private Path directory;

    @Option(names = "--group", paramLabel = "G", description = "the Maven groupId (default: ${DEFAULT-VALUE})")
    private String group = "com.example";

    @Option(names = "--artifact", paramLabel = "A", description = "the Maven artifactId (default: DIR's name)")
    private @Nullable String artifact;

    @Option(names = "--package", paramLabel = "P",
            description = "the Java package of the nodes (default: G.A as a package name)")
    private @Nullable String javaPackage;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path name = directory.toAbsolutePath().normalize().getFileName();
        String artifactId = artifact != null ? artifact : name == null ? "" : name.toString();
        String packageName = javaPackage != null ? javaPackage : ProjectTemplate.defaultPackage(group, artifactId);
        ProjectTemplate template = new ProjectTemplate(group, artifactId, packageName);
        List<String> problems = template.problems();
        problems.forEach(problem -> err.println("error: " + problem));
        if (!problems.isEmpty() || !usable(err)) {
            return Main.USER_ERROR;
        }
        List<Path> files;
        try {
            files = template.writeTo(directory);
        } catch (IOException e) {
            err.println("error: cannot write the project into " + directory + ": " + e);
            return Main.USER_ERROR;
        }
        report(files, template);
        return 0;
    }

    /** Whether the directory is new or empty; says why not otherwise. */
    private boolean usable(PrintWriter err) {
        if (!Files.exists(directory)) {
            return true;
        }
        if (!Files.isDirectory(directory)) {
            err.println("error: " + directory + " exists and is not a directory");
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                err.println("error: " + directory + " is not empty: jdora new writes a project into a new or an empty "
                        + "directory, and overwrites nothing");
                return false;
            }
            return true;
        } catch (IOException e) {
            err.println("error: cannot read " + directory + ": " + e);
            return false;
        }
    }

    private void report(List<Path> files, ProjectTemplate template) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("created " + template.groupId() + ":" + template.artifactId() + " (jdora "
                + ProjectTemplate.jdoraVersion() + ", package " + template.javaPackage() + ") in " + directory + ":");
        files.forEach(file -> out.println("  " + file));
        out.println("next:");
        out.println("  cd " + directory);
        out.println("  mvn verify       # compiles, runs the NodeTestHarness tests");
        out.println("  mvn jdora:run    # runs dataflow.yml, which ends by itself");
        out.println("jdora's artifacts must be in your Maven repository: see \"Use jdora in your project\" in jdora's "
                + "README.");
        out.flush();
    }
}
