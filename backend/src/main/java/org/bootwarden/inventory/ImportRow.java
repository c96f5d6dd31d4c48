package org.bootwarden.inventory;

import java.util.List;
import java.util.Set;

import org.bootwarden.hosts.HostRequest;
import org.bootwarden.system.FieldProblem;

/**
 * One host of an import as it was read, before the host rules: its row (CSV: the line of the file,
 * the header is row 1; JSON: the position in the array, the first is row 1), the hostname as
 * written, the fields as a request, which fields the input gives at all (absent ones keep an
 * existing host's value), and what could not be read (field names without the row).
 */
record ImportRow(int row, String hostname, HostRequest request, Set<String> present, List<FieldProblem> problems) {

    /** The host fields an import may set, in the order of the CSV columns. */
    static final List<String> FIELDS = List.of("hostname", "macs", "ip", "prefixLength", "gateway", "dns", "vlan", "firmware",
            "nicDriver", "architecture", "profile", "labels");
}
