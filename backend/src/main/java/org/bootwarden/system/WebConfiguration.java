package org.bootwarden.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Media served from the data directory (kernels, initrds, installer ISOs: HTTP Range
 * requests are supported, which iPXE's sanboot needs) and the console's client-side routes.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final BootwardenProperties props;

    WebConfiguration(BootwardenProperties props) {
        this.props = props;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/media/**")
                .addResourceLocations(props.mediaDir().toAbsolutePath().normalize().toUri().toString());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // the console's routes are rendered by the single-page app
        for (String route : new String[] {"/login", "/hosts", "/hosts/**", "/profiles", "/profiles/**", "/audit", "/audit/**",
                "/tickets", "/tickets/**", "/tasks", "/tasks/**", "/admin", "/admin/**", "/tokens", "/iso-builder", "/iso-builder/**"}) {
            registry.addViewController(route).setViewName("forward:/index.html");
        }
    }
}
