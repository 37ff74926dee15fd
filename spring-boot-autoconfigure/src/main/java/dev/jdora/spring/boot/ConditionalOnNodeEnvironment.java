package dev.jdora.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when the application was started by {@code jdora run} as a node ({@code Node.fromEnv()} would find the
 * node), or, with {@code absent = true}, when it was not.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnNodeEnvironmentCondition.class)
public @interface ConditionalOnNodeEnvironment {

    /** True to match when there is no node environment. */
    boolean absent() default false;
}
