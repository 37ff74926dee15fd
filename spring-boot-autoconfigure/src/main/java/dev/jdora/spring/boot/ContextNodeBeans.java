package dev.jdora.spring.boot;

import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.runtime.NodeBeans;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The {@code bean:} nodes of a dataflow, taken from the application context: {@code bean: application} is the
 * application's own node ({@link ReactiveDataflowRun}); any other name is a bean that is a {@link NodeMain} (a
 * {@code ReactiveNodeMain} too) or a function bean ({@link FunctionBeans}). Used on the thread that starts the run.
 */
final class ContextNodeBeans implements NodeBeans {

    private final ConfigurableListableBeanFactory beans;
    private final Dataflow dataflow;
    private final ApplicationNode.Holder application;

    ContextNodeBeans(ConfigurableListableBeanFactory beans, Dataflow dataflow, ApplicationNode.Holder application) {
        this.beans = beans;
        this.dataflow = dataflow;
        this.application = application;
    }

    @Override
    public NodeMain program(String nodeId, String beanName) {
        if (beanName.equals(ReactiveDataflowRun.APPLICATION)) {
            NodeSpec node = dataflow.node(nodeId).orElseThrow();
            Set<String> inputs = new LinkedHashSet<>();
            node.inputs().stream().map(InputSpec::id).forEach(inputs::add);
            ApplicationNode program = new ApplicationNode(nodeId, inputs, InputObserver.of(beans));
            application.set(program);
            return program;
        }
        if (!beans.containsBean(beanName)) {
            throw new IllegalArgumentException("no bean named '" + beanName + "' in the application; beans that can "
                    + "be nodes: " + nodeCandidates());
        }
        try {
            Object bean = beans.getBean(beanName);
            if (bean instanceof NodeMain main) {
                return main;
            }
            return new FunctionBeans(beans).part(beanName).map(part -> (NodeMain) new FunctionNode(List.of(part), InputObserver.of(beans)))
                    .orElseThrow(() -> new IllegalArgumentException("bean '" + beanName + "' is a "
                            + bean.getClass().getName() + ", not a NodeMain or a " + FunctionBeans.SHAPES));
        } catch (BeansException e) { // reported with the node's location, as the dataflow's other problems
            Throwable cause = e.getMostSpecificCause();
            throw new IllegalArgumentException("cannot create bean '" + beanName + "': " + (cause.getMessage() == null
                    ? cause.getClass().getName() : cause.getMessage()), e);
        }
    }

    private List<String> nodeCandidates() {
        Set<String> names = new LinkedHashSet<>(List.of(beans.getBeanNamesForType(NodeMain.class, false, false)));
        names.addAll(new FunctionBeans(beans).candidates());
        names.add(ReactiveDataflowRun.APPLICATION);
        return List.copyOf(names);
    }
}
