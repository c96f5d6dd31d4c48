package org.bootwarden.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers for the tests that start real directory servers (Samba AD DC, OpenLDAP slapd): a
 * throwaway CA and server certificate, a PKCS12 trust store, running commands, waiting for a
 * port. A test that cannot get its server is skipped with the reason, except under
 * {@code CI=true}, where it fails: CI must run it.
 */
public final class RealDirectories {

    private RealDirectories() {
    }

    /** Skips (or, in CI, fails) the test class with the reason when the condition does not hold. */
    public static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(reason + " (CI=true: this test must run; infra/dev/setup.sh installs what it needs)");
        }
        Assumptions.abort(reason);
    }

    /** Whether an executable is on the PATH (or an absolute path that exists). */
    public static boolean installed(String command) {
        if (command.startsWith("/")) {
            return Files.isExecutable(Path.of(command));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }

    /** Runs a command to its end; fails with its output when it exits non-zero. */
    public static String run(Path dir, Duration timeout, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no end within " + timeout);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether something accepts connections on 127.0.0.1:port. */
    public static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls until the port accepts connections (the server's readiness, not a fixed wait), or
     * fails naming the server's log.
     */
    public static void awaitPort(int port, Process server, Duration timeout, Path log) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (listening(port)) {
                return;
            }
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited (" + server.exitValue() + ") before listening on " + port + ": "
                        + tail(log));
            }
            try {
                server.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nothing listens on " + port + " after " + timeout + ": " + tail(log));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Stops a server it started, by its process: TERM, then KILL after 10 s. */
    public static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }

    /**
     * A test CA ({@code ca.pem}) and a server certificate for 127.0.0.1 and localhost
     * ({@code cert.pem}, {@code key.pem}) made with openssl in {@code dir}, and a PKCS12 trust
     * store holding the CA ({@code truststore.p12}, password {@code changeit}).
     */
    public static Path testCa(Path dir, String serverName) {
        run(dir, Duration.ofSeconds(60), "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                "/CN=Bootwarden Test CA", "-keyout", "ca.key", "-out", "ca.pem");
        run(dir, Duration.ofSeconds(60), "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + serverName, "-keyout",
                "key.pem", "-out", "srv.csr");
        try {
            Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:" + serverName
                    + "\nextendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        run(dir, Duration.ofSeconds(60), "openssl", "x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", "ext.cnf", "-out", "cert.pem");
        run(dir, Duration.ofSeconds(10), "chmod", "600", "key.pem");
        Path store = dir.resolve("truststore.p12");
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            try (var out = Files.newOutputStream(store)) {
                ks.store(out, "changeit".toCharArray());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the trust store", e);
        }
        return store;
    }

    /** Command line helper: the arguments as a list (for ProcessBuilder with varargs built in steps). */
    public static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
