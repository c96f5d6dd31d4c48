package org.bootwarden.templates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

/**
 * Mustache with one value rule per output syntax ({@link Escapers}): built-in templates under
 * {@code classpath:templates/}, and editable ones (profile templates) compiled on first use and
 * cached by their text. A missing variable is an error, never an empty string.
 */
@Component
public class TemplateEngine {

    /** The syntax of the rendered text; decides what a value may contain. */
    public enum Syntax { IPXE, LINE, YAML }

    /** A template failed: a syntax error, a variable it needs but the context lacks, or an unsafe value. */
    public static class RenderException extends RuntimeException {
        public RenderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int MAX_CACHED = 1000;

    private final Map<Syntax, Mustache.Compiler> compilers = Map.of(
            Syntax.IPXE, compiler(Escapers.IPXE), Syntax.LINE, compiler(Escapers.LINE), Syntax.YAML, compiler(Escapers.YAML));
    private final Map<String, Template> builtIn = new ConcurrentHashMap<>();
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    private static Mustache.Compiler compiler(Mustache.Escaper escaper) {
        // the value rule is applied as the formatter as well: {{{x}}} and {{&x}} skip the escaper, never the formatter
        return Mustache.compiler().withEscaper(escaper).withFormatter(value -> escaper.escape(String.valueOf(value))).nullValue("");
    }

    /** Renders a built-in template, {@code classpath:templates/<resource>}. */
    public String renderResource(Syntax syntax, String resource, Map<String, Object> ctx) {
        Template t = builtIn.computeIfAbsent(syntax + ":" + resource, k -> compilers.get(syntax).compile(load(resource)));
        return execute(resource, t, ctx);
    }

    /** Renders template text; {@code what} names it in error messages (e.g. "profile debian-12 kernelArgs"). */
    public String render(Syntax syntax, String what, String text, Map<String, Object> ctx) {
        String key = syntax + ":" + text;
        Template t = cache.get(key);
        if (t == null) {
            try {
                t = compilers.get(syntax).compile(text);
            } catch (MustacheException e) {
                throw new RenderException(what + ": " + e.getMessage(), e);
            }
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(key, t);
        }
        return execute(what, t, ctx);
    }

    /** Compiles template text and reports its first syntax error. */
    public void compile(String what, String text) {
        try {
            compilers.get(Syntax.LINE).compile(text == null ? "" : text);
        } catch (MustacheException e) {
            throw new RenderException(what + ": " + e.getMessage(), e);
        }
    }

    /** Makes free text (a reason, a message) safe for an iPXE {@code echo}: unsafe characters become '_'. */
    public static String ipxeEchoText(String message) {
        return message == null ? "" : ECHO_UNSAFE.matcher(message).replaceAll("_");
    }

    private static final java.util.regex.Pattern ECHO_UNSAFE = java.util.regex.Pattern.compile("[^ -~]|[$#|&\"'\\\\`;]");

    private static String execute(String what, Template t, Map<String, Object> ctx) {
        try {
            return t.execute(ctx);
        } catch (UnsafeValueException e) {
            throw new RenderException(what + ": " + e.getMessage(), e);
        } catch (MustacheException e) {
            if (e.getCause() instanceof UnsafeValueException u) {
                throw new RenderException(what + ": " + u.getMessage(), u);
            }
            throw new RenderException(what + ": " + e.getMessage(), e);
        }
    }

    private static String load(String resource) {
        try (InputStream in = new ClassPathResource("templates/" + resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("missing built-in template " + resource, e);
        }
    }
}
