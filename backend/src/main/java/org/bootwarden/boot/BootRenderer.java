package org.bootwarden.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bootwarden.hosts.Host;
import org.bootwarden.profiles.Profile;
import org.bootwarden.profiles.ProfileKind;
import org.bootwarden.templates.Escapers;
import org.bootwarden.templates.TemplateEngine;
import org.bootwarden.templates.TemplateEngine.Syntax;
import org.springframework.stereotype.Component;

/**
 * Everything a machine receives, rendered: the client script baked into the ISO, the server's
 * boot answers, and the installer's answer files. Builds the template context from the host
 * record, the profile and the host's boot URLs.
 */
@Component
public class BootRenderer {

    static final int NIC_SLOTS = 8;
    private static final int LOCAL_CACHE_SIZE = 50_000;

    private final Map<String, String> localScripts = new java.util.concurrent.ConcurrentHashMap<>();

    private final TemplateEngine engine;

    BootRenderer(TemplateEngine engine) {
        this.engine = engine;
    }

    /**
     * The boot medium the client script is written for. Under BIOS the local disk is drive 0x80
     * when the ISO is a CD (or a virtual CD), but 0x81 when the same image is written to a USB
     * stick: the stick itself is then 0x80, and booting it again would loop. A floppy is BIOS
     * drive 0x00, so the first hard disk stays 0x80. (The floppy boots only under BIOS; its script
     * keeps the shared template's UEFI branch, which never runs there.)
     */
    public enum Media {
        CD("0x80"), USB("0x81"), FLOPPY("0x80");

        final String biosLocalDrive;

        Media(String biosLocalDrive) {
            this.biosLocalDrive = biosLocalDrive;
        }
    }

    /** The script embedded in the host's ISO, for a CD. */
    public String clientScript(Host host, String token, List<String> serverBases, long chainTimeoutMs) {
        return clientScript(host, token, serverBases, chainTimeoutMs, Media.CD);
    }

    /** The script embedded in the host's ISO (CD), USB image or floppy image. */
    public String clientScript(Host host, String token, List<String> serverBases, long chainTimeoutMs, Media media) {
        Map<String, Object> ctx = hostContext(host);
        ctx.put("media", media.name().toLowerCase(java.util.Locale.ROOT));
        ctx.put("biosLocalDrive", media.biosLocalDrive);
        ctx.put("token", token);
        List<Map<String, Object>> servers = new ArrayList<>();
        for (int i = 0; i < serverBases.size(); i++) {
            servers.add(Map.of("url", serverBases.get(i), "number", i + 1));
        }
        ctx.put("servers", servers);
        ctx.put("serverCount", servers.size());
        ctx.put("timeoutMs", chainTimeoutMs);
        // the host's MACs in reverse order on each NIC slot, so the first MAC wins when several NICs match
        List<Map<String, Object>> checks = new ArrayList<>();
        for (int nic = 0; nic < NIC_SLOTS; nic++) {
            for (int m = host.macs().size() - 1; m >= 0; m--) {
                checks.add(Map.of("index", nic, "mac", host.macs().get(m)));
            }
        }
        ctx.put("nicChecks", checks);
        return engine.renderResource(Syntax.IPXE, "ipxe/client.ipxe", ctx);
    }

    /**
     * The answer that makes the client boot its local disk, saying why. The same few messages
     * go to every host in a boot storm: rendered answers are kept (bounded) by host and message.
     */
    public String localScript(String hostname, String message) {
        String key = hostname + "\n" + message;
        String cached = localScripts.get(key);
        if (cached != null) {
            return cached;
        }
        String script = renderLocal(hostname, message);
        if (localScripts.size() >= LOCAL_CACHE_SIZE) {
            localScripts.clear();
        }
        localScripts.put(key, script);
        return script;
    }

    private String renderLocal(String hostname, String message) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("hostname", hostname == null ? "unknown host" : hostname);
        ctx.put("message", TemplateEngine.ipxeEchoText(message));
        return engine.renderResource(Syntax.IPXE, "ipxe/local.ipxe", ctx);
    }

    /** The installer for this host and profile. */
    public String installScript(Host host, Profile profile, BootUrls urls, int installBoot) {
        Map<String, Object> ctx = installContext(host, profile, urls);
        ctx.put("installBoot", installBoot);
        return switch (profile.bootMethod()) {
            case SCRIPT -> engine.render(Syntax.IPXE, "profile " + profile.name() + " ipxeScript", profile.ipxeScript(), ctx);
            case SANBOOT -> engine.renderResource(Syntax.IPXE, "ipxe/install-sanboot.ipxe", ctx);
            case KERNEL -> engine.renderResource(Syntax.IPXE, "ipxe/install-kernel.ipxe", ctx);
        };
    }

    /**
     * The answer file with a placeholder for every secret ({@code (secret NAME)}): for previews
     * and checks, which must never show or need a secret's value.
     */
    public String answerFile(Host host, Profile profile, BootUrls urls) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        profile.encryptedSecrets().forEach((name, stored) -> placeholders.put(name,
                "(secret " + name + (stored == null ? ": not set" : "") + ")"));
        return answerFile(host, profile, urls, placeholders);
    }

    /**
     * The answer file: preseed, kickstart, autoinstall user-data, or the script profile's own,
     * with the profile's secrets ({@code {{secrets.name}}}) in plaintext. Secrets are in no other
     * template's context (kernel arguments and iPXE scripts end up on a kernel command line or in
     * a boot script). A render error never repeats a secret's value.
     */
    public String answerFile(Host host, Profile profile, BootUrls urls, Map<String, String> secretValues) {
        Syntax syntax = profile.kind() == ProfileKind.UBUNTU_AUTOINSTALL ? Syntax.YAML : Syntax.LINE;
        Map<String, Object> ctx = installContext(host, profile, urls);
        ctx.put("secrets", secretValues);
        String what = "profile " + profile.name() + " answerTemplate";
        try {
            return engine.render(syntax, what, profile.answerTemplate(), ctx);
        } catch (TemplateEngine.RenderException e) {
            String message = String.valueOf(e.getMessage());
            boolean echoesSecret = secretValues.values().stream().filter(v -> v.length() >= 4)
                    .anyMatch(v -> message.contains(Escapers.printable(v).substring(0, 4)));
            if (echoesSecret) {
                throw new TemplateEngine.RenderException(what + ": a secret's value cannot be placed where the template puts it", null);
            }
            throw e;
        }
    }

    /** cloud-init nocloud meta-data, for autoinstall profiles. */
    public String nocloudMetaData(Host host) {
        return engine.renderResource(Syntax.YAML, "answers/nocloud-meta-data.yaml", hostContext(host));
    }

    private Map<String, Object> installContext(Host host, Profile profile, BootUrls urls) {
        String p = "profile " + profile.name() + " ";
        Map<String, Object> ctx = hostContext(host);
        ctx.put("token", urls.token());
        ctx.put("serverUrl", urls.base());
        ctx.put("mediaUrl", urls.media());
        ctx.put("answerUrl", urls.answer());
        ctx.put("installedUrl", urls.installed());
        ctx.put("failedUrl", urls.failed());
        ctx.put("nocloudUrl", urls.nocloud());
        ctx.put("profile", profile.name());
        ctx.put("kind", profile.kind().json());
        ctx.put("vars", profile.variables());
        ctx.put("maxInstallBoots", profile.maxInstallBoots());
        ctx.put("isoUrl", profile.isoUrl() == null ? null : engine.render(Syntax.IPXE, p + "isoUrl", profile.isoUrl(), ctx));
        ctx.put("kernelUrl", profile.kernelUrl() == null ? null
                : engine.render(Syntax.IPXE, p + "kernelUrl", profile.kernelUrl(), ctx));
        List<Map<String, Object>> initrds = new ArrayList<>();
        List<String> initrdArgs = new ArrayList<>();
        for (int i = 0; i < profile.initrdUrls().size(); i++) {
            String name = "initrd" + i;
            initrds.add(Map.of("name", name, "url", engine.render(Syntax.IPXE, p + "initrdUrls", profile.initrdUrls().get(i), ctx)));
            initrdArgs.add("initrd=" + name);
        }
        ctx.put("initrds", initrds);
        ctx.put("initrdArgs", String.join(" ", initrdArgs));
        ctx.put("kernelArgs", profile.kernelArgs() == null ? ""
                : engine.render(Syntax.IPXE, p + "kernelArgs", profile.kernelArgs(), ctx).strip().replaceAll("\\s+", " "));
        return ctx;
    }

    static Map<String, Object> hostContext(Host host) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("hostId", host.id());
        ctx.put("hostname", host.hostname());
        ctx.put("shortHostname", host.shortHostname());
        ctx.put("domain", host.domain());
        ctx.put("hasDomain", !host.domain().isEmpty());
        ctx.put("mac", host.primaryMac());
        ctx.put("macs", host.macs());
        ctx.put("ip", host.ip());
        ctx.put("prefixLength", host.prefixLength());
        ctx.put("netmask", host.netmask());
        ctx.put("gateway", host.gateway());
        ctx.put("dns", host.dns());
        ctx.put("dnsFirst", host.dns().get(0));
        ctx.put("dnsSpace", String.join(" ", host.dns()));
        ctx.put("dnsComma", String.join(",", host.dns()));
        ctx.put("vlan", host.vlan());
        ctx.put("hasVlan", host.vlan() != null);
        ctx.put("firmware", host.firmware().json());
        ctx.put("labels", host.labels());
        return ctx;
    }
}
