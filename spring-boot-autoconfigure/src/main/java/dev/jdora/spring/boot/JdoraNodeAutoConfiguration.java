package dev.jdora.spring.boot;

import dev.jdora.core.Node;
import dev.jdora.reactor.ReactorNode;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application as a node of a dataflow: when {@code jdora run} starts it (a node whose {@code class:} is
 * the {@code @SpringBootApplication}, or whose {@code path:} is its executable jar), the context has the {@link Node}
 * and {@link ReactorNode} beans, and the function beans ({@code jdora.node.functions}, default: the single one) are
 * the node, as in Spring Cloud Stream's functional model:
 *
 * <pre>{@code
 * @Bean
 * Function<Flux<Event>, Flux<Output>> upper() {
 *     return events -> events.ofType(Event.Input.class)
 *             .map(in -> Output.of("upper", Data.utf8(Data.string(in.data()).toUpperCase())));
 * }
 * }</pre>
 *
 * The context closes after the node's {@code Stop}; closing it (SIGTERM) ends the node. Started otherwise, the
 * application starts as usual and says once that it is not part of a dataflow.
 */
@AutoConfiguration
@ConditionalOnClass({Node.class, ReactorNode.class})
@EnableConfigurationProperties(JdoraProperties.class)
public class JdoraNodeAutoConfiguration {

    /** The beans of an application that {@code jdora run} started as a node. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnNodeEnvironment
    static class NodeConfiguration {

        /**
         * The node; owned (and closed) by {@link #jdoraReactorNode}. An application that defines its own
         * {@code ReactorNode} takes the node itself and gets no {@code Node} bean.
         */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean({Node.class, ReactorNode.class})
        Node jdoraNode() {
            return Node.fromEnv();
        }

        @Bean
        @ConditionalOnMissingBean
        ReactorNode jdoraReactorNode(Node node) {
            return ReactorNode.of(node);
        }

        @Bean
        NodeBinding jdoraNodeBinding(ReactorNode node, JdoraProperties properties,
                                     ConfigurableApplicationContext context) {
            List<FunctionNode.Part> parts = new FunctionBeans(context.getBeanFactory())
                    .forNode(properties.getNode().getFunctions());
            return new NodeBinding(node, parts.isEmpty() ? Optional.empty() : Optional.of(new FunctionNode(parts,
                    InputObserver.of(context.getBeanFactory()))),
                    context);
        }
    }

    /** Not started by {@code jdora run} and running no dataflow: one line saying so. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnNodeEnvironment(absent = true)
    static class NoNodeConfiguration {

        @Bean
        SmartInitializingSingleton jdoraNotANode(JdoraProperties properties) {
            return () -> {
                if (properties.getDataflow() == null) {
                    LoggerFactory.getLogger(JdoraNodeAutoConfiguration.class).info("jdora: not started by "
                            + "`jdora run`, so this application is not a node of a dataflow (its function beans stay "
                            + "unbound); set jdora.dataflow to run a dataflow in it");
                }
            };
        }
    }
}
