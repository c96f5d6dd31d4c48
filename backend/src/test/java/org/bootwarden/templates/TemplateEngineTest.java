package org.bootwarden.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.bootwarden.templates.TemplateEngine.RenderException;
import org.bootwarden.templates.TemplateEngine.Syntax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateEngineTest {

    private final TemplateEngine engine = new TemplateEngine();

    private String render(Syntax syntax, String template, Object value) {
        return engine.render(syntax, "test template", template, Map.of("v", value));
    }

    @Test
    void shouldTreatAMissingVariableAsAnErrorNamingItAndTheTemplate() {
        assertThatThrownBy(() -> engine.render(Syntax.IPXE, "profile p kernelArgs", "url={{answerUrll}}", Map.of("answerUrl", "x")))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("profile p kernelArgs: ")
                .hasMessageContaining("answerUrll");
        assertThatThrownBy(() -> engine.render(Syntax.LINE, "t", "{{vars.nope}}", Map.of("vars", Map.of())))
                .isInstanceOf(RenderException.class).hasMessageContaining("nope");
    }

    @Test
    void shouldRenderANullValueAsEmpty() {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("vlan", null);

        assertThat(engine.render(Syntax.IPXE, "t", "vlan=[{{vlan}}]", ctx)).isEqualTo("vlan=[]");
    }

    @Test
    void shouldPlaceValuesVerbatimWithoutHtmlEscaping() {
        assertThat(render(Syntax.LINE, "x {{v}}", "<a href=\"/\">&amp;</a>")).isEqualTo("x <a href=\"/\">&amp;</a>");
        assertThat(render(Syntax.IPXE, "x {{v}}", "http://h/p?a=1;b=<2>")).isEqualTo("x http://h/p?a=1;b=<2>");
        assertThat(render(Syntax.YAML, "x: \"{{v}}\"", "$6$salt$hash#not-a-comment")).isEqualTo("x: \"$6$salt$hash#not-a-comment\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a || b", "a && b", "$", "${x}", "#x", "a|b", "a&b", "\"", "'", "\\", "`id`", "tab\there", "new\nline",
            "cr\r", "del\u007f", "é", "✓", "\u0000"})
    void shouldRefuseUnsafeValuesInIpxeScripts(String value) {
        assertThatThrownBy(() -> render(Syntax.IPXE, "echo {{v}}", value)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("test template: value '").hasMessageContaining("not allowed in an iPXE script");
    }

    @ParameterizedTest
    @ValueSource(strings = {";", " ; ", "a ; b", "a\u0020;"})
    void shouldRefuseALoneSemicolonInIpxeScripts(String value) {
        assertThatThrownBy(() -> render(Syntax.IPXE, "echo {{v}}", value)).isInstanceOf(RenderException.class)
                .hasMessageContaining("lone ';'");
    }

    @Test
    void shouldAllowASemicolonInsideAToken() {
        assertThat(render(Syntax.IPXE, "ds={{v}}", "nocloud-net;s=http://x/")).isEqualTo("ds=nocloud-net;s=http://x/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\u2028b", "a\u2029b", "a\u0000b", "a\u007fb", "a\u001bb"})
    void shouldRefuseLineBreaksAndControlCharactersInLineFiles(String value) {
        assertThatThrownBy(() -> render(Syntax.LINE, "d-i x string {{v}}", value)).isInstanceOf(RenderException.class)
                .hasMessageContaining("control character");
    }

    @Test
    void shouldAllowTabAndShellCharactersInLineFiles() {
        assertThat(render(Syntax.LINE, "{{v}}", "a\tb $x #y |z 'q' \"q\" naïve")).isEqualTo("a\tb $x #y |z 'q' \"q\" naïve");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob\"", "bob\\", "bob\nroot"})
    void shouldRefuseQuotesBackslashesAndLineBreaksInYaml(String value) {
        assertThatThrownBy(() -> render(Syntax.YAML, "u: \"{{v}}\"", value)).isInstanceOf(RenderException.class);
    }

    @Test
    void shouldApplyTheValueRulesToUnescapedVariablesToo() {
        for (String template : new String[] {"echo {{{v}}}", "echo {{&v}}", "{{=<% %>=}}echo <%&v%>"}) {
            assertThatThrownBy(() -> render(Syntax.IPXE, template, "a || reboot")).as(template).isInstanceOf(RenderException.class)
                    .hasMessageContaining("not allowed in an iPXE script");
        }
        assertThatThrownBy(() -> render(Syntax.LINE, "x {{{v}}}", "a\nb")).isInstanceOf(RenderException.class);
        assertThatThrownBy(() -> render(Syntax.YAML, "x: \"{{{v}}}\"", "a\"b")).isInstanceOf(RenderException.class);
        assertThat(render(Syntax.IPXE, "echo {{{v}}}", "safe-value")).isEqualTo("echo safe-value");
    }

    @Test
    void shouldApplyTheValueRulesInsideSectionsAndLists() {
        Map<String, Object> ctx = Map.of("dns", java.util.List.of("10.0.2.3", "10.0.2.4 || reboot"));

        assertThatThrownBy(() -> engine.render(Syntax.IPXE, "t", "{{#dns}}set dns {{.}}\n{{/dns}}", ctx))
                .isInstanceOf(RenderException.class);
    }

    @Test
    void shouldReportTemplateSyntaxErrorsNamingTheField() {
        assertThatThrownBy(() -> engine.compile("answerTemplate", "{{#hasVlan}}unclosed")).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("answerTemplate: ");
        assertThatThrownBy(() -> engine.render(Syntax.LINE, "profile p answerTemplate", "{{/nope}}", Map.of()))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("profile p answerTemplate: ");
    }

    @Test
    void shouldRenderBuiltInTemplatesFromTheClasspath() {
        String local = engine.renderResource(Syntax.IPXE, "ipxe/local.ipxe", Map.of("hostname", "web01", "message", "hello"));

        assertThat(local).isEqualTo("#!ipxe\necho Bootwarden: web01: hello\nexit 0\n");
    }

    @Test
    void shouldRenderTheSameTemplateTextAgainFromTheCache() {
        for (int i = 0; i < 3; i++) {
            assertThat(render(Syntax.IPXE, "n={{v}}", i)).isEqualTo("n=" + i);
        }
    }

    @Test
    void shouldNeutraliseFreeTextForIpxeEcho() {
        assertThat(TemplateEngine.ipxeEchoText("a || b ${x} #c; d & e \"f\" 'g' `h` \\ ü\nz"))
                .isEqualTo("a __ b _{x} _c_ d _ e _f_ _g_ _h_ _ __z");
        assertThat(TemplateEngine.ipxeEchoText(null)).isEmpty();
        assertThat(TemplateEngine.ipxeEchoText("plain text: ok (1/2) [x] {y} <z> ~")).isEqualTo("plain text: ok (1/2) [x] {y} <z> ~");
    }

    @Test
    void shouldShowUnsafeValuesOnlyInPrintableAbbreviatedForm() {
        assertThat(Escapers.printable("a\nb\u0000c")).isEqualTo("a?b?c");
        assertThat(Escapers.printable("x".repeat(100))).hasSize(60).endsWith("...");
    }
}
