package org.bootwarden.hosts;

/**
 * Search criteria for the host list. {@code q} matches hostname, IP or MAC; {@code label} is
 * {@code key=value}; {@code subnet} is CIDR ({@code 10.0.2.0/24}).
 */
public record HostQuery(String q, BootState state, String profile, String label, String subnet,
        String sort, int page, int size) {
}
