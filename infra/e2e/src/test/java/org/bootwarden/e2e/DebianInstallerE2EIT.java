package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bootwarden.e2e.QemuGuest.Firmware;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The real Debian 12 installer (Debian's debian-installer-12-netboot-amd64 package), served
 * from Bootwarden's own media directory, installs with the shipped debian-12 preseed: it is
 * started by the install script, brings its network up from the static kernel arguments (no
 * DHCP), fetches the preseed with the host's token, and then asks the mirror the preseed names
 * for the release file. A stub mirror on this machine records that request, which proves the
 * real installer parsed and applied the rendered preseed. The guest is stopped there (a full
 * install under software emulation would take far too long).
 */
class DebianInstallerE2EIT {

    static final Path NETBOOT = Path.of("/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64");

    private static PackagedServer server;
    private static Api api;
    private static HttpServer mirror;
    private static final List<String> mirrorRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        if (!PackagedServer.packaged() || !Files.isRegularFile(NETBOOT.resolve("linux"))) {
            return;
        }
        server = PackagedServer.create("debian-installer").start();
        api = server.api();
        Path media = Files.createDirectories(server.dataDir().resolve("media/debian-12"));
        Files.copy(NETBOOT.resolve("linux"), media.resolve("linux"));
        Files.copy(NETBOOT.resolve("initrd.gz"), media.resolve("initrd.gz"));
        mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mirror.createContext("/", exchange -> {
            mirrorRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        mirror.start();
    }

    @AfterAll
    static void stop() {
        if (mirror != null) {
            mirror.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void realDebianInstallerFetchesThePreseedOverStaticNetworkAndAppliesIt() {
        PackagedServer.assumePackaged();
        assumeTrue(Files.isRegularFile(NETBOOT.resolve("linux")), "package debian-installer-12-netboot-amd64 is not installed");

        // the shipped profile, with its installer taken from Bootwarden's media directory
        JsonNode shipped = api.getProfile("debian-12");
        ObjectNode profile = shipped.deepCopy();
        profile.put("name", "e2e-debian-12");
        profile.put("kernelUrl", "{{mediaUrl}}/debian-12/linux");
        profile.putArray("initrdUrls").add("{{mediaUrl}}/debian-12/initrd.gz");
        profile.put("kernelArgs", shipped.path("kernelArgs").asText().replace("console=tty0", "console=ttyS0,115200"));
        ObjectNode vars = profile.putObject("variables");
        vars.put("mirror", "10.0.2.2:" + mirror.getAddress().getPort());
        vars.put("adminUser", "bootwarden");
        // the password hash is a secret of the shipped profile: set here, encrypted by the server
        profile.putObject("secrets").put("adminPasswordHash",
                "$6$e2e$DDrJNVsPKbvdjEy6.5oZ0EOHdR6SLBq8ttkXJbGR8M/2OD5MSyBc2lpbnGC1lhUpuGaugvXXK7cMcHtQ6SOlD/");
        profile.remove(List.of("version", "createdAt", "updatedAt"));
        api.createProfile(profile);

        ObjectNode host = Fixtures.host(Fixtures.hostname("e2e-debian"), Firmware.BIOS);
        host.put("profile", "e2e-debian-12");
        String hostId = api.createHost(host).path("id").asText();
        Path iso = api.downloadIso(hostId, Fixtures.isoPath("e2e-debian"));
        api.arm(hostId, "e2e: real Debian installer");

        QemuGuest.Running guest = QemuGuest.bios("debian-installer").cdrom(iso).extraArgs("-m", "1024").start();
        try {
            E2E.await("the installer's request to the preseeded mirror", Duration.ofSeconds(240),
                    () -> mirrorRequests.stream().anyMatch(r -> r.contains("/debian/dists/bookworm/Release"))
                            || !guest.isAlive() ? Optional.of(true) : Optional.empty(),
                    () -> "mirror saw " + mirrorRequests + "; audit " + api.auditActions(hostId) + "; serial:\n"
                            + E2E.tail(guest.serial(), 30));
        } finally {
            guest.stop();
        }
        assertThat(api.auditActions(hostId)).contains("boot.install", "answer.served");
        assertThat(mirrorRequests).as("requests the installer sent to the mirror named in the preseed")
                .anyMatch(r -> r.startsWith("GET /debian/dists/bookworm/Release"));
        assertThat(api.bootState(hostId)).isEqualTo("INSTALLING");
    }
}
