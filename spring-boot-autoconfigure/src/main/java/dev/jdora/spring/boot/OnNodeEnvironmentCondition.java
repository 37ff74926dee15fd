package dev.jdora.spring.boot;

import dev.jdora.core.internal.NodeContexts;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application runs as a node of {@code jdora run}: in a node process, or on a node thread (as
 * {@code Node.fromEnv()} finds it). Evaluated on the thread that refreshes the context.
 */
final class OnNodeEnvironmentCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        boolean wanted = !metadata.getAnnotationAttributes(ConditionalOnNodeEnvironment.class.getName())
                .get("absent").equals(Boolean.TRUE);
        boolean present = NodeContexts.present();
        String found = present ? "started by jdora run as a node" : "not started by jdora run";
        return present == wanted ? ConditionOutcome.match(found) : ConditionOutcome.noMatch(found);
    }
}
