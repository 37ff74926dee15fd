package dev.jdora.runtime.internal;

import java.util.List;
import java.util.Optional;

/**
 * What class-data sharing adds to the command of a node JVM of one run ({@link NodeClassArchive}): JVM options that
 * go after jdora's defaults and before the node's own {@code jvm_options:} (so that a node can turn it off with
 * {@code -Xshare:off}), and, for the run that builds the archive, the class path its node must use (the jars the
 * archive is for, nothing after them). Immutable.
 *
 * @param jvmOptions options for every {@code class:} or runtime node JVM; none for a {@code path:} program
 * @param classpath  when present, the whole class path of the node JVMs (the dataflow's own entries are left out)
 */
record NodeClassSharing(List<String> jvmOptions, Optional<List<String>> classpath) {

    /** No class-data sharing beyond the JDK's own archive. */
    static final NodeClassSharing NONE = new NodeClassSharing(List.of(), Optional.empty());

    NodeClassSharing {
        jvmOptions = List.copyOf(jvmOptions);
        classpath = classpath.map(List::copyOf);
    }

    /**
     * Node JVMs map the archive {@code file}, and go on without it if it does not fit. Quietly: JDK 25 reports at
     * error level, in every node's log, that the JDK's own archive was made without jdora's {@code --add-opens}
     * (it then maps the classes all the same), and an archive that does not fit must not look like a node's error.
     */
    static NodeClassSharing use(String file) {
        return new NodeClassSharing(List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds=off"), Optional.empty());
    }
}
