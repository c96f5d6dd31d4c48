package org.bootwarden.system;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.UUID;

/**
 * Names this process gives itself where replicas sharing a database must tell each other apart
 * (leases, the webhook delivery log, live event streams): host name, process id and a random
 * suffix, so two components of one process, or a restarted process, never share a name.
 */
public final class ReplicaNames {

    private ReplicaNames() {
    }

    /** A new name, e.g. {@code bw-1#4242#3f9a1c2e}. */
    public static String next() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "#" + ManagementFactory.getRuntimeMXBean().getPid() + "#" + UUID.randomUUID().toString().substring(0, 8);
    }
}
