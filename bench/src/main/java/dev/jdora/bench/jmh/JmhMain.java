package dev.jdora.bench.jmh;

import dev.jdora.bench.ChildJvm;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code org.openjdk.jmh.Main} with the root pom's {@code jdora.jvmOptions} (from {@code jdora-bench.properties})
 * appended to every forked JVM, so Arrow and Chronicle get their {@code --add-opens}. Any JMH option may follow:
 *
 * <pre>java -cp bench/target/jdora-bench.jar dev.jdora.bench.jmh.JmhMain TransportBenchmark -prof gc</pre>
 */
public final class JmhMain {

    private JmhMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add("-jvmArgsAppend");
        all.add(jvmOptions());
        all.addAll(List.of(args));
        org.openjdk.jmh.Main.main(all.toArray(String[]::new));
    }

    static String jvmOptions() {
        return String.join(" ", ChildJvm.jvmOptions()) + " " + JvmOptions.XMX;
    }
}
