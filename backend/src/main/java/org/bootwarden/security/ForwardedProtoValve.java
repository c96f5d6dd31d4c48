package org.bootwarden.security;

import java.io.IOException;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A request that reached a TLS-terminating proxy ({@code X-Forwarded-Proto: https} or
 * {@code Forwarded: proto=https}) counts as secure for Tomcat too, so the session cookie it
 * creates is {@code Secure}. (Spring's ForwardedHeaderFilter, used for everything else, only
 * wraps the request; Tomcat creates the session cookie from its own request.) A client that
 * sends the header over plain HTTP only gets a cookie it will not send back over plain HTTP.
 */
class ForwardedProtoValve extends ValveBase {

    ForwardedProtoValve() {
        super(true);
    }

    static boolean forwardedHttps(String xForwardedProto, String forwarded) {
        if (xForwardedProto != null) {
            return xForwardedProto.split(",")[0].strip().equalsIgnoreCase("https");
        }
        return forwarded != null && forwarded.split(",")[0].toLowerCase().matches(".*(^|;)\\s*proto=\"?https\"?\\s*(;.*|$)");
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        boolean original = request.isSecure();
        if (!original && forwardedHttps(request.getHeader("X-Forwarded-Proto"), request.getHeader("Forwarded"))) {
            request.setSecure(true);
        }
        try {
            getNext().invoke(request, response);
        } finally {
            request.setSecure(original);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Install {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> forwardedProtoValve() {
            return factory -> factory.addContextValves(new ForwardedProtoValve());
        }
    }
}
