/**
 * jdora in Spring Boot applications: function beans as the node a Spring application is started as by
 * {@code jdora run} ({@link dev.jdora.spring.boot.JdoraNodeAutoConfiguration}), a whole dataflow run with the
 * application context ({@link dev.jdora.spring.boot.JdoraDataflowAutoConfiguration},
 * {@link dev.jdora.spring.boot.ReactiveDataflowRun}) and its Actuator health indicator
 * ({@link dev.jdora.spring.boot.JdoraHealthAutoConfiguration}). Every {@code jdora.*} key is in
 * {@link dev.jdora.spring.boot.JdoraProperties}.
 */
@NullMarked
package dev.jdora.spring.boot;

import org.jspecify.annotations.NullMarked;
