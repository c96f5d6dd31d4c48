package org.bootwarden.hosts;

import java.util.List;
import java.util.Map;

/**
 * A host as a client sends it (create or full update). Everything is checked by
 * {@link HostValidator}; nothing here is trusted.
 */
public record HostRequest(
        String hostname,
        List<String> macs,
        String ip,
        Integer prefixLength,
        String gateway,
        List<String> dns,
        Integer vlan,
        String firmware,
        String nicDriver,
        String architecture,
        String profile,
        Map<String, String> labels,
        Integer version) {
}
