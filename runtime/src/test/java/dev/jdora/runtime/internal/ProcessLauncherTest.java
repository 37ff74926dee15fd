package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.Dataflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM options of a node process: jdora's, then the node defaults, the archive, and the node's own last. */
class ProcessLauncherTest {

    @TempDir
    Path dir;

    /** A node class for the command line; never run. */
    public static final class Idle implements NodeMain {
        @Override
        public void run(Node node) {
        }
    }

    @Test
    void theNodesOwnJvmOptionsComeAfterTheDefaultsAndTheArchiveSoTheyWin() throws Exception {
        Path file = Files.writeString(dir.resolve("d.yml"), "nodes:\n  - id: big\n    class: " + Idle.class.getName()
                + "\n    jvm_options: [-XX:+UseG1GC, -Xms256m, -Xshare:off]\n");
        Dataflow dataflow = Dataflow.load(file);
        NodeClassSharing sharing = NodeClassSharing.use("/cache/node.jsa");
        List<String> command = new ProcessLauncher(dataflow, List.of(), sharing)
                .command(dataflow.nodes().get(0), new NodeProgram.Instance(Idle.class));
        assertThat(command).containsSubsequence("-XX:+UseSerialGC", "-Xms8m", "-XX:SharedArchiveFile=/cache/node.jsa",
                "-XX:+UseG1GC", "-Xms256m", "-Xshare:off", NodeProcessMain.class.getName(), Idle.class.getName());
        assertThat(command).containsAll(ProcessLauncher.nodeJvmOptions());
    }

    @Test
    void theBuildingRunsNodesGetOnlyTheArchivedJars() throws Exception {
        Path file = Files.writeString(dir.resolve("d.yml"), "classpath: classes\nnodes:\n  - id: n\n    class: "
                + Idle.class.getName() + "\n");
        Dataflow dataflow = Dataflow.load(file);
        List<String> command = new ProcessLauncher(dataflow, List.of(dir), new NodeClassSharing(List.of(),
                Optional.of(List.of("/a.jar", "/b.jar")))).command(dataflow.nodes().get(0),
                new NodeProgram.Instance(Idle.class));
        assertThat(command).containsSubsequence("-cp", "/a.jar:/b.jar", NodeProcessMain.class.getName());
    }

    @Test
    void nativeMemoryIsGivenBackOnlyWhereTheJvmHasTheOption() {
        assertThat(ProcessLauncher.trimNativeHeap(Runtime.Version.parse("17.0.8"))).isEmpty();
        assertThat(ProcessLauncher.trimNativeHeap(Runtime.Version.parse("17.0.9"))).containsExactly(
                "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=" + ProcessLauncher.TRIM_MILLIS);
        assertThat(ProcessLauncher.trimNativeHeap(Runtime.Version.parse("21.0.4"))).isEmpty();
        assertThat(ProcessLauncher.trimNativeHeap(Runtime.Version.parse("25.0.1"))).containsExactly(
                "-XX:TrimNativeHeapInterval=" + ProcessLauncher.TRIM_MILLIS);
    }
}
