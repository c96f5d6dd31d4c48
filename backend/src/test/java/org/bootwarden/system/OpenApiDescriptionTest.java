package org.bootwarden.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.Yaml;

/** docs/openapi.yaml describes exactly the endpoints the controllers map: no more, no fewer. */
class OpenApiDescriptionTest {

    private static final Path DESCRIPTION = Path.of("..", "docs", "openapi.yaml");

    /** Endpoints answered by a servlet filter ahead of Spring MVC (org.bootwarden.boot.BootScriptFilter). */
    private static final Set<String> FILTER_ENDPOINTS = Set.of("get /boot/{hostId}/{token}/script");

    @Test
    void shouldDescribeEveryMappedEndpointAndNothingElse() throws Exception {
        assertThat(described()).isEqualTo(mapped());
    }

    private static Set<String> mapped() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        Set<String> endpoints = new TreeSet<>(FILTER_ENDPOINTS);
        for (BeanDefinition bd : scanner.findCandidateComponents("org.bootwarden")) {
            Class<?> type = Class.forName(bd.getBeanClassName());
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            String prefix = base == null || base.path().length == 0 ? "" : base.path()[0];
            for (var method : type.getDeclaredMethods()) {
                RequestMapping m = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (m == null) {
                    continue;
                }
                String[] paths = m.path().length == 0 ? new String[] {""} : m.path();
                for (String p : paths) {
                    for (RequestMethod verb : m.method()) {
                        endpoints.add(verb.name().toLowerCase() + " " + prefix + p);
                    }
                }
            }
        }
        return endpoints;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> described() throws IOException {
        assertThat(DESCRIPTION).as("the published API description").exists();
        Map<String, Object> doc;
        try (InputStream in = Files.newInputStream(DESCRIPTION)) {
            doc = new Yaml().load(in);
        }
        Set<String> endpoints = new TreeSet<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        paths.forEach((path, ops) -> ops.keySet().stream()
                .filter(k -> Set.of("get", "put", "post", "delete", "patch").contains(k))
                .forEach(verb -> endpoints.add(verb + " " + path)));
        return endpoints;
    }
}
