package org.bootwarden.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deployment files under {@code infra/} as a program reads them: Kubernetes manifests as
 * fabric8 model objects, the Compose file and Kustomization as YAML trees, env files, systemd units
 * and the Dockerfiles' instructions.
 */
final class DeployFiles {

    static final YAMLMapper YAML = new YAMLMapper();

    private DeployFiles() {
    }

    static Path infra(String sub) {
        return E2E.repoRoot().resolve("infra").resolve(sub);
    }

    /** Every document of a Kubernetes manifest file, each deserialised to its model class by kind. */
    static List<HasMetadata> kubernetesObjects(Path file) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<KubernetesResource> docs = YAML.readerFor(KubernetesResource.class)
                .readValues(Files.readString(file, StandardCharsets.UTF_8))) {
            while (docs.hasNext()) {
                KubernetesResource r = docs.next();
                if (r == null) {
                    continue;
                }
                if (r instanceof GenericKubernetesResource g) {
                    throw new AssertionError(file + ": " + g.getApiVersion() + "/" + g.getKind() + " " + g.getMetadata().getName()
                            + " is not a kind the Kubernetes model knows (wrong apiVersion or kind?)");
                }
                objects.add((HasMetadata) r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + file, e);
        }
        return objects;
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** {@code KEY=value} lines of an env file (comments and blank lines skipped), in order. */
    static Map<String, String> envFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 1) {
                throw new AssertionError(file + ": not KEY=value: " + line);
            }
            env.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return env;
    }

    /** A systemd unit: section -> key -> values (keys may repeat). */
    static Map<String, Map<String, List<String>>> unit(Path file) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        String section = null;
        for (String line : lines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1);
                sections.putIfAbsent(section, new LinkedHashMap<>());
                continue;
            }
            int eq = l.indexOf('=');
            if (section == null || eq < 1) {
                throw new AssertionError(file + ": unexpected line: " + line);
            }
            sections.get(section).computeIfAbsent(l.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(l.substring(eq + 1).strip());
        }
        return sections;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instructions of a Dockerfile that the deployment files must agree with. */
    record Dockerfile(Path file, List<String> instructions) {

        static Dockerfile of(Path file) {
            List<String> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : lines(file)) {
                String l = line.strip();
                if (current.isEmpty() && (l.isEmpty() || l.startsWith("#"))) {
                    continue;
                }
                if (l.startsWith("#")) {
                    continue;
                }
                if (l.endsWith("\\")) {
                    current.append(l, 0, l.length() - 1).append(' ');
                } else {
                    current.append(l);
                    instructions.add(current.toString().replaceAll("\\s+", " ").strip());
                    current.setLength(0);
                }
            }
            return new Dockerfile(file, instructions);
        }

        Stream<String> all(String instruction) {
            return instructions.stream().filter(i -> i.startsWith(instruction + " ")).map(i -> i.substring(instruction.length() + 1));
        }

        /** The numeric user of the last {@code USER} instruction (e.g. {@code 10001:10001} -> 10001). */
        long uid() {
            String user = all("USER").reduce((a, b) -> b).orElseThrow(() -> new AssertionError(file + " has no USER"));
            return Long.parseLong(user.split(":")[0]);
        }

        /** The image's {@code ENV} settings ({@code KEY=value} pairs). */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S+)");
            all("ENV").forEach(e -> {
                Matcher m = pair.matcher(e);
                while (m.find()) {
                    env.put(m.group(1), m.group(2));
                }
            });
            return env;
        }

        /** The command of {@code HEALTHCHECK ... CMD ...}, as written after CMD. */
        Optional<String> healthcheck() {
            return all("HEALTHCHECK").reduce((a, b) -> b).map(h -> h.substring(h.indexOf("CMD ") + 4).strip());
        }

        List<String> exposedPorts() {
            return all("EXPOSE").flatMap(p -> Stream.of(p.split(" "))).toList();
        }
    }
}
