package org.bootwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bootwarden.e2e.DeployFiles.Dockerfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files checked against the application they deploy, without running anything:
 * every Kubernetes manifest in {@code infra/k8s} loaded with the fabric8 Kubernetes model, the
 * Compose file, the systemd units and their env files. Settings are checked against what the
 * packaged jars read (their own YAML and configuration metadata, {@link AppSettings}), probe paths
 * against the health groups the backend's configuration exposes, users and paths against the
 * Dockerfiles. Needs {@code backend/target/bootwarden.jar} and the worker's {@code -exec} jar.
 */
class DeploymentManifestsTest {

    private static final String BACKEND_IMAGE = "localhost/bootwarden-backend";
    private static final String WORKER_IMAGE = "localhost/bootwarden-iso-worker";

    private static AppSettings backend;
    private static AppSettings worker;
    private static Dockerfile backendDockerfile;
    private static Dockerfile workerDockerfile;
    private static List<HasMetadata> k8s;

    @BeforeAll
    static void load() throws IOException {
        Optional<Path> workerJar = workerJar();
        boolean packaged = Files.isRegularFile(E2E.backendJar()) && workerJar.isPresent();
        if (!packaged && E2E.serverRequired()) {
            throw new IllegalStateException("the manifests are checked against the packaged jars: run "
                    + "mvn -pl iso-worker,backend -am package first");
        }
        assumeTrue(packaged, "no packaged jars (backend/target/bootwarden.jar, iso-worker/target/*-exec.jar): "
                + "run mvn -pl iso-worker,backend -am package first");
        backend = AppSettings.of(E2E.backendJar(), "application.yml");
        worker = AppSettings.of(workerJar.get(), "iso-worker.yml");
        backendDockerfile = Dockerfile.of(DeployFiles.infra("images/Dockerfile.backend"));
        workerDockerfile = Dockerfile.of(DeployFiles.infra("images/Dockerfile.iso-worker"));
        k8s = new ArrayList<>();
        try (Stream<Path> files = Files.list(DeployFiles.infra("k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).sorted().toList()) {
                k8s.addAll(DeployFiles.kubernetesObjects(f));
            }
        }
    }

    static Optional<Path> workerJar() throws IOException {
        Path target = E2E.repoRoot().resolve("iso-worker/target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst();
        }
    }

    // ---- the application model itself -------------------------------------------------------------

    @Test
    void theSettingsCheckKnowsTheApplicationsPropertiesAndRefusesOthers() {
        assertThat(backend.propertyNames()).as("the backend's own metadata and its libraries'")
                .contains("bootwarden.public-urls", "bootwarden.auth.sources", "server.port", "spring.datasource.url");
        assertThat(backend.accepts("BOOTWARDEN_DB_URL")).as("a placeholder of application.yml").isTrue();
        assertThat(backend.accepts("SPRING_DATASOURCE_URL")).as("relaxed binding of a Spring property").isTrue();
        assertThat(backend.accepts("BOOTWARDEN_AUTH_SOURCES_1_TYPE")).as("an element of a list property").isTrue();
        assertThat(backend.accepts("BOOTWARDEN_DB_URI")).as("a misspelt placeholder").isFalse();
        assertThat(backend.accepts("BOOTWARDEN_PUBLIC_URLZ")).isFalse();
        assertThat(backend.readBy("BOOTWARDEN_WORKER_ENGINE_URL")).as("a worker setting is not the backend's").isEmpty();
        assertThat(worker.accepts("BOOTWARDEN_WORKER_ENGINE_URL")).isTrue();
        assertThat(worker.accepts("BOOTWARDEN_WORKER_TASKS_LOCK_DURATION")).isTrue();
        assertThat(worker.accepts("BOOTWARDEN_DB_URL")).as("the worker has no database").isFalse();
        assertThat(backend.healthPaths()).contains("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");
    }

    // ---- Kubernetes ---------------------------------------------------------------------------------

    @Test
    void everyManifestIsInTheKustomizationAndLoadsAsKubernetesObjects() throws IOException {
        JsonNode kustomization = DeployFiles.yaml(DeployFiles.infra("k8s/kustomization.yaml"));
        Set<String> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(DeployFiles.infra("k8s"))) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(files::add);
        }
        assertThat(listed).as("kustomization.yaml resources = the manifest files").isEqualTo(files);
        assertThat(kustomization.path("namespace").asText()).isEqualTo(one(Namespace.class, "bootwarden").getMetadata().getName());
        Set<String> images = new TreeSet<>();
        kustomization.path("images").forEach(i -> images.add(i.path("name").asText()));
        assertThat(images).containsExactlyInAnyOrder(BACKEND_IMAGE, WORKER_IMAGE);

        assertThat(k8s).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ConfigMap", "ConfigMap", "Secret",
                "Deployment", "Deployment", "Service", "Ingress", "Namespace", "PodDisruptionBudget", "PodDisruptionBudget",
                "PersistentVolumeClaim");
        assertThat(k8s).allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "bootwarden"));
    }

    @Test
    void backendRunsReplicasWithProbesTheApplicationAnswers() {
        Deployment backendDeployment = deployment(BACKEND_IMAGE);
        Container c = container(backendDeployment, BACKEND_IMAGE);

        assertThat(backendDeployment.getSpec().getReplicas()).as("replicas").isGreaterThanOrEqualTo(2);
        assertThat(c.getReadinessProbe()).as("readiness probe").isNotNull();
        assertThat(c.getLivenessProbe()).as("liveness probe").isNotNull();
        assertThat(httpPath(c.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
        assertThat(httpPath(c.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
        for (Probe probe : probes(c)) {
            HTTPGetAction get = probe.getHttpGet();
            assertThat(get).as("HTTP probes").isNotNull();
            assertThat(backend.healthPaths()).as("probe paths the backend's configuration exposes").contains(get.getPath());
            assertThat(containerPort(c, get.getPort().getStrVal() != null ? get.getPort().getStrVal() : null,
                    get.getPort().getIntVal())).as("probe port").isEqualTo(serverPort(c));
        }
        assertThat(backendDockerfile.exposedPorts()).contains(String.valueOf(serverPort(c)));
        assertThat(backendDeployment.getSpec().getStrategy().getType())
                .as("releases never run side by side on one database").isEqualTo("Recreate");
    }

    @Test
    void workerProbesRunTheImagesHealthCheck() {
        Container c = container(deployment(WORKER_IMAGE), WORKER_IMAGE);
        String healthcheck = workerDockerfile.healthcheck().orElseThrow();
        assertThat(healthcheck).startsWith("[\"");
        String command = healthcheck.substring(2, healthcheck.indexOf('"', 2));

        assertThat(deployment(WORKER_IMAGE).getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(c.getReadinessProbe()).isNotNull();
        assertThat(c.getLivenessProbe()).isNotNull();
        assertThat(probes(c)).allSatisfy(p -> assertThat(p.getExec().getCommand()).containsExactly(command));
        assertThat(workerDockerfile.instructions()).anyMatch(i -> i.startsWith("COPY ") && i.endsWith(" " + command));
    }

    @Test
    void everyContainerHasResourcesAndRunsAsTheImagesNonRootUserWithoutPrivileges() {
        for (String image : List.of(BACKEND_IMAGE, WORKER_IMAGE)) {
            Deployment d = deployment(image);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = container(d, image);
            long uid = (image.equals(BACKEND_IMAGE) ? backendDockerfile : workerDockerfile).uid();
            String what = d.getMetadata().getName();

            assertThat(uid).as("the image's USER").isPositive();
            assertThat(c.getResources().getRequests()).as(what + " requests").containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(what + " limits").containsKeys("memory");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what + " runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(what + " runAsUser = the image's USER").isEqualTo(uid);
            assertThat(pod.getSecurityContext().getFsGroup()).as(what + " fsGroup (writes the shared volume)").isNotNull();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(mounts(c)).as(what + ": a writable /tmp beside the read-only root").containsKey("/tmp");
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        }
    }

    @Test
    void everySettingAContainerGetsIsOneItsApplicationReads() {
        Map<String, ConfigMap> configMaps = byName(ConfigMap.class);
        Map<String, Secret> secrets = byName(Secret.class);
        for (String image : List.of(BACKEND_IMAGE, WORKER_IMAGE)) {
            AppSettings app = image.equals(BACKEND_IMAGE) ? backend : worker;
            Container c = container(deployment(image), image);
            List<String> keys = new ArrayList<>();
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    ConfigMap cm = configMaps.get(from.getConfigMapRef().getName());
                    assertThat(cm).as("ConfigMap " + from.getConfigMapRef().getName()).isNotNull();
                    keys.addAll(cm.getData().keySet());
                }
                if (from.getSecretRef() != null) {
                    Secret s = secrets.get(from.getSecretRef().getName());
                    assertThat(s).as("Secret " + from.getSecretRef().getName()).isNotNull();
                    keys.addAll(secretKeys(s));
                }
            }
            for (EnvVar e : c.getEnv()) {
                keys.add(e.getName());
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    Secret s = secrets.get(e.getValueFrom().getSecretKeyRef().getName());
                    assertThat(s).as("Secret of " + e.getName()).isNotNull();
                    assertThat(secretKeys(s)).contains(e.getValueFrom().getSecretKeyRef().getKey());
                }
            }
            assertThat(keys).as(image + " gets settings").isNotEmpty();
            assertThat(app.unknown(keys)).as(image + ": settings that " + app + " does not read").isEmpty();
        }
        assertThat(configMaps.get("bootwarden-config").getData().get("BOOTWARDEN_WORKER_EMBEDDED"))
                .as("the worker Deployment builds the ISOs").isEqualTo("false");
        assertThat(configMaps.get("bootwarden-iso-worker-config").getData().get("BOOTWARDEN_WORKER_ENGINE_URL"))
                .isEqualTo("http://" + one(Service.class, "bootwarden").getMetadata().getName() + ":"
                        + one(Service.class, "bootwarden").getSpec().getPorts().get(0).getPort() + "/engine-rest");
    }

    @Test
    void serviceIngressBudgetsAndVolumesFitTheDeployments() {
        Deployment backendDeployment = deployment(BACKEND_IMAGE);
        Deployment workerDeployment = deployment(WORKER_IMAGE);
        Service service = one(Service.class, "bootwarden");
        Container backendContainer = container(backendDeployment, BACKEND_IMAGE);

        assertThat(backendDeployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(workerDeployment.getSpec().getTemplate().getMetadata().getLabels())
                .as("the Service selects backend pods only").doesNotContainEntry("app.kubernetes.io/component", "backend");
        String targetPort = service.getSpec().getPorts().get(0).getTargetPort().getStrVal();
        assertThat(containerPort(backendContainer, targetPort, null)).isEqualTo(serverPort(backendContainer));

        Ingress ingress = one(Ingress.class, "bootwarden");
        IngressBackend ib = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend();
        assertThat(ib.getService().getName()).isEqualTo(service.getMetadata().getName());
        assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getName().equals(ib.getService().getPort().getName()));
        String host = ingress.getSpec().getRules().get(0).getHost();
        assertThat(byName(ConfigMap.class).get("bootwarden-config").getData().get("BOOTWARDEN_PUBLIC_URL"))
                .as("machines reach the server through the Ingress").isEqualTo("http://" + host);

        for (Deployment d : List.of(backendDeployment, workerDeployment)) {
            PodDisruptionBudget pdb = k8s.stream().filter(PodDisruptionBudget.class::isInstance).map(PodDisruptionBudget.class::cast)
                    .filter(p -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                            .containsAll(p.getSpec().getSelector().getMatchLabels().entrySet())
                            && p.getSpec().getSelector().getMatchLabels().equals(d.getSpec().getSelector().getMatchLabels()))
                    .findFirst().orElseThrow(() -> new AssertionError("no PodDisruptionBudget for " + d.getMetadata().getName()));
            assertThat(pdb.getSpec().getMinAvailable().getIntVal()).as("a drain keeps some and lets some go")
                    .isBetween(1, d.getSpec().getReplicas() - 1);
        }

        // the worker writes where the backend reads: <backend data dir>/iso on the same claim
        String claim = claimOf(backendDeployment, backendContainer, backendDockerfile.env().get("BOOTWARDEN_DATA_DIR"));
        assertThat(byName(PersistentVolumeClaim.class).get(claim).getSpec().getAccessModes()).contains("ReadWriteMany");
        Container workerContainer = container(workerDeployment, WORKER_IMAGE);
        String artifactDir = workerDockerfile.env().get("BOOTWARDEN_WORKER_ARTIFACT_DIR");
        VolumeMount workerMount = mounts(workerContainer).get(artifactDir);
        assertThat(workerMount).as("the worker mounts its artifact dir " + artifactDir).isNotNull();
        assertThat(volume(workerDeployment, workerMount.getName()).getPersistentVolumeClaim().getClaimName()).isEqualTo(claim);
        assertThat(backendDockerfile.env().get("BOOTWARDEN_DATA_DIR") + "/" + workerMount.getSubPath()).isEqualTo(artifactDir);
    }

    // ---- Compose ------------------------------------------------------------------------------------

    @Test
    void composeRunsMysqlBackendReplicasAndAWorkerWithSettingsTheyRead() {
        Path dir = DeployFiles.infra("compose");
        JsonNode services = DeployFiles.yaml(dir.resolve("compose.yaml")).path("services");
        JsonNode mysql = services.path("mysql");
        JsonNode be = service(services, BACKEND_IMAGE);
        JsonNode wk = service(services, WORKER_IMAGE);

        assertThat(mysql.path("image").asText()).matches(".*mysql:8(\\.\\d+)*");
        Map<String, String> mysqlEnv = envFiles(dir, mysql);
        Map<String, String> backendEnv = env(dir, be);
        Map<String, String> workerEnv = env(dir, wk);
        assertThat(backend.unknown(backendEnv.keySet())).as("backend settings the backend does not read").isEmpty();
        assertThat(worker.unknown(workerEnv.keySet())).as("worker settings the worker does not read").isEmpty();
        for (JsonNode s : List.of(be, wk)) {
            s.path("environment").fieldNames().forEachRemaining(k -> assertThat(k)
                    .as("secrets belong in the env files, not in compose.yaml").doesNotContain("PASSWORD", "SECRET"));
        }

        assertThat(backendEnv.get("BOOTWARDEN_DB_URL")).startsWith("jdbc:mysql://mysql:3306/" + mysqlEnv.get("MYSQL_DATABASE") + "?");
        assertThat(backendEnv.get("BOOTWARDEN_DB_USER")).isEqualTo(mysqlEnv.get("MYSQL_USER"));
        assertThat(backendEnv.get("BOOTWARDEN_DB_PASSWORD")).isEqualTo(mysqlEnv.get("MYSQL_PASSWORD"));
        assertThat(workerEnv.get("BOOTWARDEN_WORKER_PASSWORD")).isEqualTo(backendEnv.get("BOOTWARDEN_WORKER_PASSWORD"));
        assertThat(backendEnv.get("BOOTWARDEN_WORKER_EMBEDDED")).isEqualTo("false");
        assertThat(backendEnv.get("BOOTWARDEN_TOKEN_SECRET")).as("replicas share one token secret").isNotBlank();
        String backendName = serviceName(services, BACKEND_IMAGE);
        assertThat(workerEnv.get("BOOTWARDEN_WORKER_ENGINE_URL")).isEqualTo("http://" + backendName + ":8080/engine-rest");
        assertThat(be.path("depends_on").path("mysql").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(wk.path("depends_on").path(backendName).path("condition").asText()).isEqualTo("service_healthy");

        int replicas = be.path("deploy").path("replicas").asInt(1);
        assertThat(replicas).as("backend replicas").isGreaterThanOrEqualTo(2);
        String ports = be.path("ports").get(0).asText();
        assertThat(ports).matches("\\d+-\\d+:8080");
        String[] range = ports.substring(0, ports.indexOf(':')).split("-");
        assertThat(Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1).as("a host port per replica").isEqualTo(replicas);
        assertThat(backendEnv.get("BOOTWARDEN_PUBLIC_URL").split(",")).as("iPXE tries every replica").hasSize(replicas);

        Map<String, String> backendVolumes = volumes(be);
        Map<String, String> workerVolumes = volumes(wk);
        String dataDir = backendDockerfile.env().get("BOOTWARDEN_DATA_DIR");
        String artifactDir = workerDockerfile.env().get("BOOTWARDEN_WORKER_ARTIFACT_DIR");
        assertThat(backendVolumes).containsKey(dataDir);
        assertThat(backendVolumes.get(dataDir + "/iso")).as("the image store, shared with the worker")
                .isNotNull().isEqualTo(workerVolumes.get(artifactDir));
        JsonNode declared = DeployFiles.yaml(dir.resolve("compose.yaml")).path("volumes");
        Stream.of(backendVolumes, workerVolumes, volumes(mysql)).flatMap(v -> v.values().stream())
                .forEach(v -> assertThat(declared.has(v)).as("named volume " + v + " is declared").isTrue());
    }

    // ---- systemd ------------------------------------------------------------------------------------

    @Test
    void systemdUnitsStartTheJarsWithEnvFilesTheyRead() throws Exception {
        Path dir = DeployFiles.infra("systemd");
        record Unit(String file, AppSettings app, String jar) {
        }
        for (Unit u : List.of(new Unit("bootwarden.service", backend, "/opt/bootwarden/bootwarden.jar"),
                new Unit("bootwarden-iso-worker.service", worker, "/opt/bootwarden/bootwarden-iso-worker.jar"))) {
            Map<String, List<String>> service = DeployFiles.unit(dir.resolve(u.file())).get("Service");
            String envFile = service.get("EnvironmentFile").get(0);
            Path example = dir.resolve(Path.of(envFile).getFileName());
            assertThat(example).as(u.file() + ": example of " + envFile).isRegularFile();
            Map<String, String> env = DeployFiles.envFile(example);
            assertThat(u.app().unknown(env.keySet())).as(example + ": settings " + u.app() + " does not read").isEmpty();
            assertThat(service.get("ExecStart").get(0)).startsWith("/usr/bin/java ").endsWith("-jar " + u.jar());
            assertThat(service.get("User")).containsExactly("bootwarden");
            assertThat(service.get("NoNewPrivileges")).containsExactly("yes");
            assertThat(service.get("ProtectSystem")).containsExactly("strict");
            String writable = String.join(" ", service.get("ReadWritePaths"));
            if (u.app() == backend) {
                assertThat(service.get("ExecStartPre")).as("the configuration is checked before the start")
                        .containsExactly("/usr/bin/java -jar " + u.jar() + " --check");
                assertThat(writable).contains(env.get("BOOTWARDEN_DATA_DIR"));
            } else {
                assertThat(writable).contains(env.get("BOOTWARDEN_WORKER_ARTIFACT_DIR"), env.get("BOOTWARDEN_WORKER_WORK_DIR"));
            }
        }
        Map<String, String> server = DeployFiles.envFile(dir.resolve("bootwarden.env"));
        Map<String, String> isoWorker = DeployFiles.envFile(dir.resolve("iso-worker.env"));
        assertThat(isoWorker.get("BOOTWARDEN_WORKER_PASSWORD")).isEqualTo(server.get("BOOTWARDEN_WORKER_PASSWORD"));
        assertThat(isoWorker.get("BOOTWARDEN_WORKER_ARTIFACT_DIR")).isEqualTo(server.get("BOOTWARDEN_DATA_DIR") + "/iso");
        assertThat(isoWorker.get("BOOTWARDEN_WORKER_ENGINE_URL"))
                .isEqualTo("http://127.0.0.1:" + server.get("SERVER_PORT") + "/engine-rest");

        Optional<Path> analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        if (analyze.isPresent()) {
            Process p = new ProcessBuilder(analyze.get().toString(), "verify", "--man=no",
                    dir.resolve("bootwarden.service").toString(), dir.resolve("bootwarden-iso-worker.service").toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as("systemd-analyze verify").doesNotContain("Unknown", "Invalid", "Failed to parse");
            assertThat(p.exitValue()).as("systemd-analyze verify:\n" + out).isZero();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static <T extends HasMetadata> Map<String, T> byName(Class<T> kind) {
        Map<String, T> map = new LinkedHashMap<>();
        k8s.stream().filter(kind::isInstance).map(kind::cast).forEach(o -> map.put(o.getMetadata().getName(), o));
        return map;
    }

    private static <T extends HasMetadata> T one(Class<T> kind, String name) {
        T o = byName(kind).get(name);
        assertThat(o).as(kind.getSimpleName() + " " + name).isNotNull();
        return o;
    }

    private static Deployment deployment(String image) {
        return k8s.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(c -> c.getImage().startsWith(image + ":")))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment runs " + image));
    }

    private static Container container(Deployment d, String image) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getImage().startsWith(image + ":"))
                .findFirst().orElseThrow();
    }

    private static List<Probe> probes(Container c) {
        return Stream.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()).filter(Objects::nonNull).toList();
    }

    private static String httpPath(Probe p) {
        assertThat(p.getHttpGet()).isNotNull();
        return p.getHttpGet().getPath();
    }

    private static Integer containerPort(Container c, String name, Integer number) {
        return c.getPorts().stream().filter(p -> name != null ? name.equals(p.getName()) : number.equals(p.getContainerPort()))
                .map(p -> p.getContainerPort()).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port " + (name != null ? name : number)));
    }

    /** SERVER_PORT as the container gets it: its env / ConfigMap, else the image's ENV. */
    private static int serverPort(Container c) {
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                String v = byName(ConfigMap.class).get(from.getConfigMapRef().getName()).getData().get("SERVER_PORT");
                if (v != null) {
                    return Integer.parseInt(v);
                }
            }
        }
        return Integer.parseInt(backendDockerfile.env().get("SERVER_PORT"));
    }

    private static Set<String> secretKeys(Secret s) {
        Set<String> keys = new TreeSet<>();
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        if (s.getData() != null) {
            keys.addAll(s.getData().keySet());
        }
        return keys;
    }

    private static Map<String, VolumeMount> mounts(Container c) {
        Map<String, VolumeMount> mounts = new LinkedHashMap<>();
        c.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m));
        return mounts;
    }

    private static Volume volume(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " has no volume " + name));
    }

    private static String claimOf(Deployment d, Container c, String mountPath) {
        VolumeMount m = mounts(c).get(mountPath);
        assertThat(m).as(d.getMetadata().getName() + " mounts " + mountPath).isNotNull();
        assertThat(m.getSubPath()).isNull();
        return volume(d, m.getName()).getPersistentVolumeClaim().getClaimName();
    }

    private static String serviceName(JsonNode services, String image) {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(n -> {
            if (services.get(n).path("image").asText().startsWith(image + ":")) {
                names.add(n);
            }
        });
        assertThat(names).as("compose services running " + image).hasSize(1);
        return names.get(0);
    }

    private static JsonNode service(JsonNode services, String image) {
        return services.get(serviceName(services, image));
    }

    /** The variables of a Compose service's env files (their committed {@code .example}s). */
    private static Map<String, String> envFiles(Path dir, JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode f : service.path("env_file")) {
            Path example = dir.resolve(f.asText() + ".example");
            assertThat(example).as("example of env file " + f.asText()).isRegularFile();
            env.putAll(DeployFiles.envFile(example));
        }
        return env;
    }

    /** Env files then {@code environment:} (which wins), as Compose merges them. */
    private static Map<String, String> env(Path dir, JsonNode service) {
        Map<String, String> env = envFiles(dir, service);
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    /** Named-volume mounts of a Compose service: container path -> volume name. */
    private static Map<String, String> volumes(JsonNode service) {
        Map<String, String> v = new LinkedHashMap<>();
        for (JsonNode m : service.path("volumes")) {
            String[] parts = m.asText().split(":");
            v.put(parts[1], parts[0]);
        }
        return v;
    }
}
