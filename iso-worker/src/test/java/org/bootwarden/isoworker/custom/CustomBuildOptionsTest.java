package org.bootwarden.isoworker.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomBuildOptionsTest {

    private static CustomBuildOptions plain() {
        return CustomBuildOptions.of(EnumSet.of(IpxeFeature.HTTPS));
    }

    @Test
    void shouldAcceptAnIpxeScript() {
        assertThat(plain().withEmbeddedScript(FakeIpxe.SCRIPT).embeddedScript()).contains(FakeIpxe.SCRIPT);
        assertThat(plain().withEmbeddedScript("#!ipxe\r\nshell\r\n").embeddedScript()).isPresent();
    }

    @Test
    void shouldRefuseScriptsThatAreNotIpxeTooLargeOrHoldControlCharacters() {
        assertThatThrownBy(() -> plain().withEmbeddedScript("#!/bin/sh\nreboot\n")).hasMessageContaining("#!ipxe");
        assertThatThrownBy(() -> plain().withEmbeddedScript("#!ipxeshell\n")).hasMessageContaining("#!ipxe");
        assertThatThrownBy(() -> plain().withEmbeddedScript("#!ipxe\n" + "#".repeat(CustomBuildOptions.MAX_SCRIPT_BYTES)))
                .hasMessageContaining("at most 65536");
        assertThatThrownBy(() -> plain().withEmbeddedScript("#!ipxe\necho a\u0000b\n"))
                .hasMessageContaining("U+0000 on line 2");
        assertThatThrownBy(() -> plain().withEmbeddedScript("#!ipxe\necho \u001b[2J\n")).hasMessageContaining("U+001B");
    }

    @Test
    void shouldRefuseAnEmptyTargetSet() {
        assertThatThrownBy(() -> plain().withTargets(List.of())).hasMessageContaining("at least one target");
    }

    @Test
    void shouldNameEveryOptionInItsCanonicalText() throws IOException {
        CustomBuildOptions options = plain().withEmbeddedScript(FakeIpxe.SCRIPT).withTrust(FakeIpxe.ca());

        assertThat(options.canonical()).startsWith("""
                features=HTTPS
                targets=X86_64_LKRN,X86_64_EFI,X86_64_SNPONLY
                embed=sha256:""").contains("trust=sha256:" + FakeIpxe.ca().get(0).sha256());
        assertThat(options.withTrust(List.of(FakeIpxe.ca().get(0), FakeIpxe.ca().get(0))).trust()).hasSize(1);
        assertThat(options.canonical()).isNotEqualTo(options.withEmbeddedScript("#!ipxe\n").canonical());
    }
}
