/**
 * One dataflow across machines: a {@link dev.jdora.cluster.Coordinator} that knows the machines by id, a
 * {@link dev.jdora.cluster.Daemon} per machine that runs the nodes placed there ({@code deploy: {machine: ID}}) exactly
 * as {@code jdora run} does, and edges between machines over Aeron UDP. Inside a machine nothing changes: nodes talk
 * over shared memory. The control plane is HTTP/JSON on the JDK's own server and client, every request carrying the
 * cluster's shared secret.
 */
@NullMarked
package dev.jdora.cluster;

import org.jspecify.annotations.NullMarked;
