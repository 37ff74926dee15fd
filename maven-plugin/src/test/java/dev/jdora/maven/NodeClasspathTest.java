package dev.jdora.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class NodeClasspathTest {

    private static Artifact artifact(String coordinates, String scope) {
        String[] gav = coordinates.split(":");
        DefaultArtifactHandler jar = new DefaultArtifactHandler("jar");
        jar.setAddedToClasspath(true);
        Artifact artifact = new DefaultArtifact(gav[0], gav[1], gav[2], scope, "jar", null, jar);
        artifact.setFile(new File("/repo/" + gav[1] + "-" + gav[2] + ".jar"));
        return artifact;
    }

    private static MavenProject project(Artifact... dependencies) {
        MavenProject project = new MavenProject();
        Build build = new Build();
        build.setOutputDirectory("/projects/app/target/classes");
        project.setBuild(build);
        project.setArtifacts(new LinkedHashSet<>(List.of(dependencies)));
        return project;
    }

    @Test
    void theProjectsClassesAndRuntimeLibrariesThatJdoraDoesNotAlreadyHave() {
        MavenProject project = project(artifact("dev.jdora:jdora-reactor:1.0", "compile"),
                artifact("io.projectreactor:reactor-core:3.8.0", "compile"),
                artifact("org.example:geometry:2.1", "compile"), artifact("org.example:driver:1.4", "runtime"),
                artifact("org.example:api:1.0", "provided"), artifact("org.example:mocks:1.0", "test"));
        Set<Artifact> jdora = Set.of(artifact("dev.jdora:jdora-reactor:1.0", "runtime"),
                artifact("io.projectreactor:reactor-core:3.8.8", "runtime"));

        List<Path> entries = NodeClasspath.of(project, jdora, new SystemStreamLog());

        assertThat(entries).containsExactly(Path.of("/projects/app/target/classes"), Path.of("/repo/geometry-2.1.jar"),
                Path.of("/repo/driver-1.4.jar"));
    }

    @Test
    void warnsWhenTheProjectUsesAnotherJdoraVersionThanThePlugin() {
        List<CharSequence> warnings = new ArrayList<>();
        SystemStreamLog log = new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content);
            }
        };
        NodeClasspath.of(project(artifact("dev.jdora:jdora-core:0.9.0", "compile")),
                Set.of(artifact("dev.jdora:jdora-core:1.0", "runtime")), log);

        assertThat(warnings).singleElement().asString().contains("dev.jdora:jdora-core:jar:0.9.0", "jdora 1.0");
    }

    @Test
    void theCommandLineSaysWhichOptionsItsCommandsTake() {
        assertThat(CliMojo.takesOption("run", "--classpath")).isTrue();
        assertThat(CliMojo.takesOption("graph", "--mermaid")).isTrue();
        assertThat(CliMojo.takesOption("run", "--no-such-option")).isFalse();
        assertThat(CliMojo.takesOption("no-such-command", "--classpath")).isFalse();
    }
}
