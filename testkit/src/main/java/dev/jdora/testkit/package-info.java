/**
 * Testing jdora nodes without a dataflow: {@link dev.jdora.testkit.NodeTestHarness} drives one node with scripted
 * events and captures what it sends; {@link dev.jdora.testkit.LeakChecks} fails a test that leaks Arrow memory or
 * threads.
 */
@NullMarked
package dev.jdora.testkit;

import org.jspecify.annotations.NullMarked;
