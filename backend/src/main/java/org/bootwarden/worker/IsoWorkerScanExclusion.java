package org.bootwarden.worker;

import java.io.IOException;

import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Keeps the iso-worker library's classes ({@code org.bootwarden.isoworker..}) out of the
 * backend's component and {@code @ConfigurationProperties} scans of {@code org.bootwarden}: the
 * stand-alone worker's settings record and application class are on this class path too, and
 * must not become backend beans. The backend uses the library explicitly instead (IsoService,
 * {@link EmbeddedIsoWorker}). Registered in {@code META-INF/spring.factories}, so it is in place
 * before the scans run (Spring Boot consults every {@link TypeExcludeFilter} bean).
 */
public final class IsoWorkerScanExclusion implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String LIBRARY_PACKAGE = "org.bootwarden.isoworker.";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!context.getBeanFactory().containsSingleton(Filter.BEAN_NAME)) {
            context.getBeanFactory().registerSingleton(Filter.BEAN_NAME, new Filter());
        }
    }

    static final class Filter extends TypeExcludeFilter {

        static final String BEAN_NAME = "bootwarden.isoWorkerScanExclusion";

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getClassMetadata().getClassName().startsWith(LIBRARY_PACKAGE);
        }

        @Override
        public boolean equals(Object o) {
            return o != null && o.getClass() == getClass();
        }

        @Override
        public int hashCode() {
            return Filter.class.hashCode();
        }
    }
}
