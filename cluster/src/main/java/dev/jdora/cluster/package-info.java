/**
 * One dataflow across machines: a {@link dev.jdora.cluster.Coordinator} that knows the machines by id, a
 * {@link dev.jdora.cluster.Daemon} per machine that runs the nodes placed there ({@code deploy: {machine: ID}}) exactly
 * as {@code jdora run} does, and edges between machines over Aeron UDP. Inside a machine nothing changes: nodes talk
 * over shared memory. The control plane is HTTP/JSON on the JDK's own server and client, every request carrying the
 * cluster's shared secret.
 *
 * <p><b>The data plane.</b> Each edge between machines is an Aeron stream under a session id the coordinator draws at
 * random for it and sends both ends: the receiving end's subscription takes that session only, so a stray or hostile
 * publisher sending to a daemon's UDP port is ignored. The data is not encrypted, and the session id is secret only as
 * long as the control plane is (HTTP, not encrypted either): run a cluster on a network you trust, or in a tunnel.
 */
@NullMarked
package dev.jdora.cluster;

import org.jspecify.annotations.NullMarked;
