package org.bootwarden.isoworker.custom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Fixtures for custom builds: a fake iPXE source tree, the fake make scripts, test certificates. */
final class FakeIpxe {

    static final Path RESOURCES = Path.of("src", "test", "resources", "custom");

    private FakeIpxe() {
    }

    /** A directory that looks like an iPXE checkout: {@code src/Makefile}, {@code src/config/general.h}. */
    static Path sourceTree(Path parent) throws IOException {
        Path src = Files.createDirectories(parent.resolve("ipxe/src"));
        Files.writeString(src.resolve("Makefile"), "# fake iPXE Makefile\n");
        Files.createDirectories(src.resolve("config/local"));
        Files.writeString(src.resolve("config/general.h"), "#include <config/local/general.h>\n");
        Files.writeString(src.resolve("config/local/general.h"), "/* shipped empty */\n");
        return parent.resolve("ipxe");
    }

    /** The fake make ({@code variant} "fake-make" or "fake-make-failing") in a fresh directory, executable. */
    static Path makeDir(Path parent, String variant) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(variant));
        Path make = Files.copy(RESOURCES.resolve(variant).resolve("make"), dir.resolve("make"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(make, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    static String pem(String name) throws IOException {
        return Files.readString(RESOURCES.resolve("certs").resolve(name));
    }

    static List<TrustedCertificate> ca() throws IOException {
        return TrustedCertificate.parsePem(pem("ca.pem"));
    }

    static final String SCRIPT = """
            #!ipxe
            echo Bootwarden custom build
            autoboot || shell
            """;
}
