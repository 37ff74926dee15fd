package dev.jdora.reactor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;
import org.testng.SkipException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * Runs a Reactive Streams TCK verification (TestNG-based) under JUnit: one dynamic test per TCK rule (each method
 * annotated with TestNG's {@code @Test}), on a fresh verification from {@code verifications}, after its
 * {@code @BeforeClass} and {@code @BeforeMethod}s (and its {@code @AfterClass}es after it). A rule the TCK skips ({@link SkipException}: it does not apply, or the publisher cannot
 * produce that many elements) is reported as aborted, so that surefire counts it as skipped; {@code afterEach} runs
 * after every rule, pass or fail (for leak checks).
 *
 * <p>Runs on the test thread; the TCK itself blocks with its own timeouts.
 */
final class TckRules {

    private TckRules() {
    }

    static Stream<DynamicTest> of(Supplier<?> verifications, AfterRule afterEach) {
        return of(verifications, name -> true, afterEach);
    }

    /** Only the rules whose method name passes {@code rules}. */
    static Stream<DynamicTest> of(Supplier<?> verifications, java.util.function.Predicate<String> rules,
                                  AfterRule afterEach) {
        Class<?> type = verifications.get().getClass();
        return Arrays.stream(type.getMethods())
                .filter(m -> m.isAnnotationPresent(Test.class) && m.getParameterCount() == 0)
                .filter(m -> rules.test(m.getName()))
                .sorted(Comparator.comparing(Method::getName))
                .map(m -> DynamicTest.dynamicTest(m.getName(), () -> run(verifications.get(), m, afterEach)));
    }

    private static void run(Object verification, Method rule, AfterRule afterEach) throws Throwable {
        Throwable failure = null;
        try {
            invokeAll(verification, BeforeClass.class);
            invokeAll(verification, BeforeMethod.class);
            rule.invoke(verification);
        } catch (InvocationTargetException e) {
            failure = e.getCause();
        } catch (Throwable t) {
            failure = t;
        } finally {
            invokeAll(verification, AfterClass.class);
        }
        try {
            afterEach.run();
        } catch (Throwable t) {
            if (failure == null || failure instanceof SkipException) {
                throw t;
            }
            failure.addSuppressed(t);
        }
        if (failure instanceof SkipException skip) {
            throw new TestAbortedException("skipped by the TCK: " + skip.getMessage(), skip);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void invokeAll(Object verification, Class<? extends java.lang.annotation.Annotation> annotation)
            throws ReflectiveOperationException {
        for (Method m : verification.getClass().getMethods()) {
            if (m.isAnnotationPresent(annotation) && m.getParameterCount() == 0) {
                m.invoke(verification);
            }
        }
    }

    /** A check after each rule. */
    @FunctionalInterface
    interface AfterRule {
        void run() throws Exception;
    }
}
