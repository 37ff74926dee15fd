package dev.jdora.spring.boot;

import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.NodeResult;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health {@code jdora} of the application's dataflow: UP while every node runs; DOWN as soon as a node has failed,
 * naming the node and its error; OUT_OF_SERVICE once every node has ended without failure; UNKNOWN before the run
 * starts. Details: the run id and how many nodes run. Any thread; does not block.
 */
final class DataflowHealthIndicator implements HealthIndicator {

    private final ApplicationDataflow dataflow;

    DataflowHealthIndicator(ApplicationDataflow dataflow) {
        this.dataflow = dataflow;
    }

    @Override
    public Health health() {
        Optional<ApplicationDataflow.Started> started = dataflow.startedRun();
        if (started.isEmpty()) {
            return Health.unknown().withDetail("dataflow", "not started").build();
        }
        DataflowRun run = started.get().run();
        List<NodeResult> ended = run.endedNodes();
        int running = started.get().nodeCount() - ended.size();
        Optional<NodeResult> failed = ended.stream().filter(NodeResult::failed).findFirst();
        Health.Builder health = failed.isPresent() ? Health.down()
                : running == 0 ? Health.outOfService() : Health.up();
        health.withDetail("run", run.id()).withDetail("running", running);
        failed.ifPresent(node -> health.withDetail("node", node.nodeId())
                .withDetail("error", node.error().orElse("failed")));
        return health.build();
    }
}
