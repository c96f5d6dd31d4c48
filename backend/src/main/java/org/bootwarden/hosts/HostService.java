package org.bootwarden.hosts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.bootwarden.audit.AuditService;
import org.bootwarden.system.ConflictException;
import org.bootwarden.system.InvalidRequestException;
import org.bootwarden.system.NotFoundException;
import org.bootwarden.system.Page;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The host inventory: validated, unique hostname / MAC / IP, optimistic locking, audited. */
@Service
public class HostService {

    private final HostRepository hosts;
    private final JdbcClient jdbc;
    private final AuditService audit;
    private final Clock clock;

    HostService(HostRepository hosts, JdbcClient jdbc, AuditService audit, Clock clock) {
        this.hosts = hosts;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public Host get(String id) {
        return hosts.findById(id).orElseThrow(() -> new NotFoundException("no host with id '" + id + "'"));
    }

    public Page<Host> search(HostQuery query) {
        return hosts.search(query);
    }

    @Transactional
    public Host create(HostRequest request) {
        HostValidator.Valid v = HostValidator.validate(request);
        checkProfile(v.profile());
        checkUnique(v, null);
        Instant now = Instant.now(clock);
        Host h = new Host(UUID.randomUUID().toString(), v.hostname(), v.macs(), v.ip(), v.prefixLength(), v.gateway(), v.dns(),
                v.vlan(), v.firmware(), v.nicDriver(), v.architecture(), v.profile(), v.labels(), BootState.LOCAL, "created", now, 0, null, null, 1, 1,
                now, now);
        hosts.insert(h);
        hosts.recordEdit(h.id(), AuditService.currentActor(), now);
        audit.record("host.created", "host", h.id(), "host " + h.hostname() + " created", null, h);
        return h;
    }

    @Transactional
    public Host update(String id, HostRequest request) {
        Host before = get(id);
        HostValidator.Valid v = HostValidator.validate(request);
        if (request.version() == null) {
            throw InvalidRequestException.of("version", "is required for an update (the version you last read)");
        }
        if (!v.profile().equals(before.profile())) {
            checkProfile(v.profile());
        }
        checkUnique(v, id);
        Instant now = Instant.now(clock);
        Host changed = new Host(id, v.hostname(), v.macs(), v.ip(), v.prefixLength(), v.gateway(), v.dns(), v.vlan(),
                v.firmware(), v.nicDriver(), v.architecture(), v.profile(), v.labels(), before.bootState(), before.stateReason(),
                before.stateChangedAt(), before.installBoots(), before.lastInstallAt(), before.openTicketId(), before.tokenVersion(),
                before.version(), before.createdAt(), now);
        if (!hosts.update(changed, request.version())) {
            throw new ConflictException(null, "host " + before.hostname() + " was changed since version "
                    + request.version() + " (now " + before.version() + "); reload it and apply your change again");
        }
        hosts.recordEdit(id, AuditService.currentActor(), now);
        Host after = get(id);
        audit.record("host.updated", "host", id, "host " + after.hostname() + " updated" + networkNote(before, after), before, after);
        return after;
    }

    @Transactional
    public void delete(String id, Integer version) {
        Host before = get(id);
        if (before.bootState() == BootState.ARMED || before.bootState() == BootState.INSTALLING) {
            throw new ConflictException("bootState", "host " + before.hostname() + " is " + before.bootState()
                    + "; disarm it or let the install finish before deleting it");
        }
        if (before.openTicketId() != null) {
            throw new ConflictException("openTicketId", "host " + before.hostname() + " has open ticket " + before.openTicketId()
                    + "; cancel it or let it finish before deleting the host");
        }
        if (!hosts.delete(id, version == null ? before.version() : version)) {
            throw new ConflictException(null, "host " + before.hostname() + " was changed since version " + version
                    + " (or a ticket was opened for it meanwhile)");
        }
        audit.record("host.deleted", "host", id, "host " + before.hostname() + " deleted", before, null);
    }

    private static String networkNote(Host before, Host after) {
        boolean network = !before.macs().equals(after.macs()) || !before.ip().equals(after.ip())
                || before.prefixLength() != after.prefixLength() || !before.gateway().equals(after.gateway())
                || !before.dns().equals(after.dns()) || !Objects.equals(before.vlan(), after.vlan())
                || before.nicDriver() != after.nicDriver();
        return network ? " (network settings changed: the host needs a new ISO)" : "";
    }

    /** Whether an OS profile of this name exists (for imports that check every row before creating any host). */
    public boolean profileExists(String profile) {
        return jdbc.sql("select count(*) from os_profile where name = ?").param(profile).query(Long.class).single() > 0;
    }

    private void checkProfile(String profile) {
        if (!profileExists(profile)) {
            throw InvalidRequestException.of("profile", "no profile named '" + profile + "' (see GET /api/profiles)");
        }
    }

    private void checkUnique(HostValidator.Valid v, String self) {
        hosts.hostIdByHostname(v.hostname()).filter(other -> !other.equals(self)).ifPresent(other -> {
            throw new ConflictException("hostname", "hostname " + v.hostname() + " is already used by host " + other);
        });
        hosts.hostIdByIp(v.ip()).filter(other -> !other.equals(self)).ifPresent(other -> {
            throw new ConflictException("ip", "IP address " + v.ip() + " is already used by host " + other);
        });
        List<String> macs = v.macs();
        for (int i = 0; i < macs.size(); i++) {
            String mac = macs.get(i);
            int index = i;
            hosts.hostIdByMac(mac).filter(other -> !other.equals(self)).ifPresent(other -> {
                throw new ConflictException("macs[" + index + "]", "MAC address " + mac + " is already used by host " + other);
            });
        }
    }
}
