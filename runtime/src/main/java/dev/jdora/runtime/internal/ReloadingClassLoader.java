package dev.jdora.runtime.internal;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * A fresh class loader for one hot reload of an operator: child-first over the dataflow's classpath entries, so the
 * operator's own classes are read again from their class files or jars, while jdora's API, the JDK and the libraries
 * jdora shares with operators come from the parent (so that {@code Operator}, {@code Event} and Arrow vectors are
 * the same types on both sides).
 */
final class ReloadingClassLoader extends URLClassLoader {

    private static final List<String> PARENT_FIRST = List.of("java.", "javax.", "jdk.", "sun.", "dev.jdora.core.",
            "dev.jdora.runtime.", "dev.jdora.reactor.", "org.apache.arrow.", "reactor.", "org.reactivestreams.",
            "org.slf4j.", "org.jspecify.");

    ReloadingClassLoader(String name, List<Path> classpath, ClassLoader parent) {
        super(name, ProgramResolver.urls(classpath), parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (PARENT_FIRST.stream().anyMatch(name::startsWith)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                try {
                    type = findClass(name);
                } catch (ClassNotFoundException e) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }
}
