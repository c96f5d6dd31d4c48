package org.bootwarden.observability;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Gives every request to {@code /boot/**} and {@code /api/**} a request id ({@link RequestIds}) for
 * all of its log lines. Ordered right after Spring Boot's HTTP observation filter, so ahead of
 * Spring Security and Spring MVC; the boot script itself is answered earlier still, by
 * {@code boot/BootScriptFilter}, which sets the id on its own.
 */
final class RequestIdFilter implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        RequestIds.begin((HttpServletRequest) req, (HttpServletResponse) res);
        try {
            chain.doFilter(req, res);
        } finally {
            RequestIds.end();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
            FilterRegistrationBean<RequestIdFilter> r = new FilterRegistrationBean<>(new RequestIdFilter());
            r.addUrlPatterns("/boot/*", "/api/*");
            r.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
            r.setName("requestIdFilter");
            return r;
        }
    }
}
