package dev.jdora.maven;

import dev.jdora.cli.Main;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * A goal that runs one {@code jdora} command on the project's dataflow.
 *
 * <p><b>Why a JVM of its own.</b> The goal does not call the command line inside Maven's JVM: jdora's nodes are JVMs
 * that get the class path and the module options of the JVM that launches them, and Maven's JVM has neither (its
 * class path is Maven's launcher, its options are the user's {@code MAVEN_OPTS}); Arrow needs {@code --add-opens} that
 * only a JVM's command line can give; and {@code jdora run} handles Ctrl-C and ends with the exit status that says what
 * happened. So the goal starts {@code java <jdora-jvm.options> -cp <jdora's jars> dev.jdora.cli.Main <command>
 * <dataflow> ...}, on the JDK Maven runs on: the same code, options, messages and exit statuses as the {@code jdora}
 * command, with the project's class path ({@link NodeClasspath}) passed as {@code --classpath} to each command that
 * takes it. jdora's jars are this plugin's own dependencies, so the plugin's version is the jdora version that runs.
 *
 * <p>Exit status 0 is success; any other fails the build with the command's last lines of standard error
 * (1: a node failed, 2: a user error such as a bad dataflow), never with a stack trace.
 */
abstract class CliMojo extends AbstractMojo {

    /** The dataflow file. */
    @Parameter(property = "jdora.dataflow", defaultValue = "${project.basedir}/dataflow.yml", required = true)
    private File dataflow;

    /**
     * More arguments for the {@code jdora} command, separated by white space: any option that
     * {@code jdora <command> --help} lists, e.g. {@code -Djdora.args="--transport-setting shm.maxRingBytes=65536"}.
     */
    @Parameter(property = "jdora.args")
    private @Nullable String args;

    /** Skips the goal. */
    @Parameter(property = "jdora.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    private final String command;

    /** A goal that runs {@code jdora <command>}. */
    CliMojo(String command) {
        this.command = command;
    }

    /** The command's own options, from the goal's parameters. */
    abstract List<String> options() throws MojoExecutionException, MojoFailureException;

    /** Entries a user added to the project's class path for this goal (none by default). */
    List<Path> extraClasspath() {
        return List.of();
    }

    final MavenProject project() {
        return project;
    }

    final Path dataflow() {
        return dataflow.toPath();
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jdora " + command + " skipped (jdora.skip)");
            return;
        }
        List<String> line = new ArrayList<>();
        line.add(JdoraJvm.java().toString());
        line.addAll(JdoraJvm.options());
        line.add("-cp");
        line.add(join(jdoraJars().stream().map(a -> a.getFile().toPath()).collect(Collectors.toList())));
        line.add(Main.class.getName());
        line.add(command);
        line.add(dataflow.getPath());
        line.addAll(options());
        if (takesOption(command, "--classpath")) {
            List<Path> classpath = new ArrayList<>(NodeClasspath.of(project, jdoraJars(), getLog()));
            classpath.addAll(extraClasspath());
            warnIfNotCompiled(classpath.get(0));
            line.add("--classpath");
            line.add(join(classpath));
        }
        if (args != null && !args.isBlank()) {
            line.addAll(Arrays.asList(args.trim().split("\\s+")));
        }
        getLog().debug("jdora: " + String.join(" ", line));
        CliFork.Result result = CliFork.run(line, project.getBasedir().toPath());
        if (result.exitStatus() != 0) {
            throw new MojoFailureException(failure(result));
        }
    }

    private String failure(CliFork.Result result) {
        String what = switch (result.exitStatus()) {
            case 1 -> "a node failed";
            case Main.USER_ERROR -> "a user error";
            default -> "it was stopped or crashed";
        };
        StringBuilder message = new StringBuilder("jdora " + command + " failed with exit status "
                + result.exitStatus() + " (" + what + ")");
        result.lastErrorLines().forEach(l -> message.append(System.lineSeparator()).append(l));
        return message.toString();
    }

    /** jdora's own jars: this plugin's runtime dependencies, the plugin jar itself left out. */
    private List<Artifact> jdoraJars() {
        Artifact self = plugin.getPluginArtifact();
        return plugin.getArtifacts().stream()
                .filter(a -> !a.getDependencyConflictId().equals(self.getDependencyConflictId()))
                .collect(Collectors.toList());
    }

    private void warnIfNotCompiled(Path classes) {
        if (!Files.isDirectory(classes)) {
            getLog().warn(classes + " does not exist: compile the project first (e.g. mvn compile jdora:"
                    + command + ")");
        }
    }

    /** Whether {@code jdora <command>} has {@code option}: read from the command line's own model, not assumed. */
    static boolean takesOption(String command, String option) {
        CommandLine sub = new CommandLine(new Main()).getSubcommands().get(command);
        return sub != null && sub.getCommandSpec().findOption(option) != null;
    }

    private static String join(List<Path> entries) {
        return entries.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }
}
