package dev.jdora.maven;

import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn jdora:check}: checks the dataflow ({@code jdora check}) and fails the build with every problem as
 * {@code file:line:column: message}. Where {@code jdora check} resolves node classes ({@code --classpath}), it gets
 * the project's class path, as {@code jdora:run} does.
 */
@Mojo(name = "check", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class CheckMojo extends CliMojo {

    public CheckMojo() {
        super("check");
    }

    @Override
    List<String> options() {
        return List.of();
    }
}
