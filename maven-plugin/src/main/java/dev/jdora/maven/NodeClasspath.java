package dev.jdora.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * The class path a project's nodes get on top of jdora's own: the project's classes and its runtime dependencies,
 * less every library that the jdora command line already has (the same group, artifact, type and classifier). Node JVMs
 * load jdora's class path first, so a second copy of one of its libraries would only be shadowed; leaving it out keeps
 * one version of each class. Stateless.
 */
final class NodeClasspath {

    private static final Set<String> RUNTIME_SCOPES = Set.of(Artifact.SCOPE_COMPILE, Artifact.SCOPE_RUNTIME,
            Artifact.SCOPE_SYSTEM);

    private NodeClasspath() {
    }

    /**
     * The entries, the project's output directory first.
     *
     * @param project a project whose runtime dependencies are resolved
     * @param jdora   the artifacts of the jdora command line (the plugin's own dependencies)
     * @param log     told when the project depends on another version of a jdora artifact than the plugin runs
     */
    static List<Path> of(MavenProject project, Collection<Artifact> jdora, Log log) {
        Map<String, Artifact> provided = jdora.stream()
                .collect(Collectors.toMap(Artifact::getDependencyConflictId, Function.identity(), (a, b) -> a));
        List<Path> entries = new ArrayList<>();
        entries.add(Path.of(project.getBuild().getOutputDirectory()));
        for (Artifact artifact : project.getArtifacts()) {
            if (!RUNTIME_SCOPES.contains(artifact.getScope()) || !artifact.getArtifactHandler().isAddedToClasspath()) {
                continue;
            }
            Artifact shadow = provided.get(artifact.getDependencyConflictId());
            if (shadow == null) {
                File file = artifact.getFile();
                if (file != null) {
                    entries.add(file.toPath());
                }
            } else if (artifact.getGroupId().equals("dev.jdora")
                    && !shadow.getVersion().equals(artifact.getVersion())) {
                log.warn("the project depends on " + artifact.getId() + " but the plugin runs jdora "
                        + shadow.getVersion() + ": nodes run on the plugin's; give both the same version "
                        + "(import jdora-bom and use its version for the plugin)");
            }
        }
        return entries;
    }
}
