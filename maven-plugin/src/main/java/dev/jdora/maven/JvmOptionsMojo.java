package dev.jdora.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * {@code jdora:jvm-options} (bound to {@code initialize}): appends the JVM options jdora needs (module access for
 * Arrow; the same list the runtime gives every node JVM) to a project property, by default {@code argLine}, which
 * Surefire and Failsafe give the test JVM — so that tests that use Arrow data, such as {@code NodeTestHarness} tests,
 * run without listing options by hand. A Surefire configuration with an {@code <argLine>} of its own must include
 * {@code @{argLine}}.
 */
@Mojo(name = "jvm-options", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public final class JvmOptionsMojo extends AbstractMojo {

    /** The project property to append the options to. */
    @Parameter(property = "jdora.jvmOptionsProperty", defaultValue = "argLine")
    private String propertyName;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException {
        List<String> parts = new ArrayList<>();
        String before = project.getProperties().getProperty(propertyName);
        if (before != null && !before.isBlank()) {
            parts.add(before.trim());
        }
        parts.addAll(JdoraJvm.options());
        String value = String.join(" ", parts);
        project.getProperties().setProperty(propertyName, value);
        getLog().debug(propertyName + " = " + value);
    }
}
