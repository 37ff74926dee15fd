package dev.jdora.runtime.internal;

import dev.jdora.core.Operator;
import dev.jdora.core.dataflow.OperatorSpec;
import dev.jdora.core.internal.OperatorAdapter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds, checks and instantiates operator classes: {@link Operator}s, and whatever an {@link OperatorAdapter} found
 * through {@link ServiceLoader} accepts (reactive operators, with the reactor adapter on the classpath).
 */
final class OperatorClasses {

    private static final List<OperatorAdapter> ADAPTERS = ServiceLoader.load(OperatorAdapter.class,
            OperatorClasses.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    private OperatorClasses() {
    }

    /**
     * Why {@code className} cannot be an operator, or empty if it can. Loads the class from {@code loader} (whose
     * dataflow entries are {@code classpath}) without initializing it: no code of the class runs.
     */
    static Optional<String> check(String className, ClassLoader loader, List<Path> classpath) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of(MissingClass.message(className, e, classpath));
        }
        if (!Operator.class.isAssignableFrom(type) && adapter(type).isEmpty()) {
            String others = ADAPTERS.stream().map(a -> " nor is " + a.description()).collect(Collectors.joining());
            return Optional.of("class '" + className + "' does not implement dev.jdora.core.Operator" + others);
        }
        try {
            type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            return Optional.of("class '" + className + "' has no no-argument constructor");
        }
        return Optional.empty();
    }

    /** The adapter that hosts instances of {@code type}, if any. */
    static Optional<OperatorAdapter> adapter(Class<?> type) {
        return ADAPTERS.stream().filter(a -> a.accepts(type)).findFirst();
    }

    /** A new instance of the operator class of {@code spec}: an {@link Operator} or what an adapter accepts. */
    static Object instantiate(OperatorSpec spec, ClassLoader loader) throws Exception {
        return instantiate(Class.forName(spec.className().orElseThrow(), true, loader));
    }

    static Object instantiate(Class<?> type) throws Exception {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
