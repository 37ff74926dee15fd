package dev.jdora.spring.boot;

import dev.jdora.core.Event;
import dev.jdora.reactor.Output;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import reactor.core.publisher.Flux;

/**
 * Finds the beans of an application context that can be a node, by their declared generic type:
 * {@code Function<Flux<Event>, Publisher<Output>>} (any {@code Publisher} of {@code Output}, e.g. a {@code Flux}),
 * {@code Consumer<Flux<Event>>} and {@code Supplier<Publisher<Output>>}. Used on the thread that refreshes the
 * context; creates the beans it returns.
 */
final class FunctionBeans {

    /** The shapes a function bean may have, as said in error messages. */
    static final String SHAPES = "Function<Flux<Event>, Publisher<Output>>, Consumer<Flux<Event>> or "
            + "Supplier<Publisher<Output>>";

    private final ConfigurableListableBeanFactory beans;

    FunctionBeans(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    /** Every bean of one of the three shapes, in registration order. */
    List<String> candidates() {
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> type : List.of(Function.class, Consumer.class, Supplier.class)) {
            for (String name : beans.getBeanNamesForType(type, false, false)) {
                if (shape(name).isPresent()) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * The functions bound to the node the application is: the beans named by {@code jdora.node.functions}, or else
     * the single candidate; none if there is no candidate (the application then uses the {@code Node} bean itself).
     *
     * @throws JdoraStartException naming the candidates when there are several and none is chosen, or when a
     *         named bean does not exist or has another type
     */
    List<FunctionNode.Part> forNode(List<String> configured) {
        if (!configured.isEmpty()) {
            List<FunctionNode.Part> parts = new ArrayList<>();
            for (String name : configured) {
                parts.add(part(name).orElseThrow(() -> new JdoraStartException("jdora.node.functions: bean '" + name
                        + "' is not a " + SHAPES + "; candidates: " + candidates(), chooseAmong())));
            }
            return parts;
        }
        List<String> candidates = candidates();
        if (candidates.size() > 1) {
            throw new JdoraStartException("jdora: " + candidates.size() + " beans could be this node's function: "
                    + candidates + "; set jdora.node.functions to the one(s) to bind", chooseAmong());
        }
        return candidates.stream().map(name -> part(name).orElseThrow()).toList();
    }

    private String chooseAmong() {
        return "Set jdora.node.functions to the names of the beans to bind to the node (comma-separated), among: "
                + candidates() + ".";
    }

    /**
     * The bean {@code name} as a part of a node, if it has one of the three shapes.
     *
     * @throws JdoraStartException if there is no such bean
     */
    Optional<FunctionNode.Part> part(String name) {
        Optional<Class<?>> shape = shape(name);
        if (shape.isEmpty()) {
            return Optional.empty();
        }
        Object bean = beans.getBean(name);
        return Optional.of(FunctionNode.Part.of(name, shape.get(), bean));
    }

    /** Which of {@code Function}, {@code Consumer} and {@code Supplier} bean {@code name} is, by its generics. */
    private Optional<Class<?>> shape(String name) {
        ResolvableType type;
        try {
            type = beans.getMergedBeanDefinition(name).getResolvableType();
        } catch (NoSuchBeanDefinitionException e) {
            throw new JdoraStartException("jdora.node.functions: no bean named '" + name + "' in the application; "
                    + "candidates: " + candidates(), chooseAmong());
        }
        if (type.resolve() == null) {
            type = Optional.ofNullable(beans.getType(name)).map(ResolvableType::forClass).orElse(ResolvableType.NONE);
        }
        ResolvableType function = type.as(Function.class);
        if (function != ResolvableType.NONE && takesEvents(function.getGeneric(0))
                && givesOutputs(function.getGeneric(1))) {
            return Optional.of(Function.class);
        }
        ResolvableType consumer = type.as(Consumer.class);
        if (consumer != ResolvableType.NONE && takesEvents(consumer.getGeneric(0))) {
            return Optional.of(Consumer.class);
        }
        ResolvableType supplier = type.as(Supplier.class);
        if (supplier != ResolvableType.NONE && givesOutputs(supplier.getGeneric(0))) {
            return Optional.of(Supplier.class);
        }
        return Optional.empty();
    }

    /** A {@code Flux<Event>} can be passed as {@code parameter}. */
    private static boolean takesEvents(ResolvableType parameter) {
        Class<?> raw = parameter.resolve();
        return raw != null && raw.isAssignableFrom(Flux.class)
                && Event.class.equals(parameter.as(Publisher.class).getGeneric(0).resolve());
    }

    /** {@code result} is a {@code Publisher<Output>}. */
    private static boolean givesOutputs(ResolvableType result) {
        Class<?> raw = result.resolve();
        return raw != null && Publisher.class.isAssignableFrom(raw)
                && Output.class.equals(result.as(Publisher.class).getGeneric(0).resolve());
    }
}
