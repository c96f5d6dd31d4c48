package org.bootwarden.hosts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A machine Bootwarden provisions; {@code bootState} is what its next boot gets, and
 * {@code openTicketId} the ticket (at most one) whose workflow drives it now.
 */
public record Host(
        String id,
        String hostname,
        List<String> macs,
        String ip,
        int prefixLength,
        String gateway,
        List<String> dns,
        Integer vlan,
        Firmware firmware,
        NicDriver nicDriver,
        Architecture architecture,
        String profile,
        Map<String, String> labels,
        BootState bootState,
        String stateReason,
        Instant stateChangedAt,
        int installBoots,
        Instant lastInstallAt,
        String openTicketId,
        @JsonIgnore int tokenVersion,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    public String netmask() {
        return Ipv4.netmask(prefixLength);
    }

    /** The first label of the hostname. */
    public String shortHostname() {
        int dot = hostname.indexOf('.');
        return dot < 0 ? hostname : hostname.substring(0, dot);
    }

    /** Everything after the first label, or empty. */
    public String domain() {
        int dot = hostname.indexOf('.');
        return dot < 0 ? "" : hostname.substring(dot + 1);
    }

    public String primaryMac() {
        return macs.get(0);
    }
}
