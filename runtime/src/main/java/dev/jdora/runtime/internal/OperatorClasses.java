package dev.jdora.runtime.internal;

import dev.jdora.core.Operator;
import dev.jdora.core.dataflow.OperatorSpec;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/** Finds, checks and instantiates operator classes. */
final class OperatorClasses {

    private OperatorClasses() {
    }

    /** Why {@code className} cannot be an operator, or empty if it can. Does not initialize the class. */
    static Optional<String> check(String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("cannot find class '" + className + "' on the classpath (add its jar or classes "
                    + "directory with 'classpath:' in the dataflow or --classpath)");
        }
        if (!Operator.class.isAssignableFrom(type)) {
            return Optional.of("class '" + className + "' does not implement dev.jdora.core.Operator");
        }
        try {
            type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            return Optional.of("class '" + className + "' has no no-argument constructor");
        }
        return Optional.empty();
    }

    static Operator instantiate(OperatorSpec spec, ClassLoader loader) throws Exception {
        Class<?> type = Class.forName(spec.className().orElseThrow(), true, loader);
        var constructor = type.asSubclass(Operator.class).getDeclaredConstructor();
        constructor.setAccessible(true);
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
