package org.bootwarden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class AuditListsTest {

    private static List<String> hostnames(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("storm-%05d.bench.example", i)).toList();
    }

    @Test
    void shouldKeepAShortListAsItIs() {
        assertThat(AuditLists.capped(hostnames(3))).containsExactlyElementsOf(hostnames(3));
        assertThat(AuditLists.capped(hostnames(100))).containsExactlyElementsOf(hostnames(100));
        assertThat(AuditLists.capped(List.of())).isEmpty();
    }

    @Test
    void shouldKeepTheFirstHundredNamesAndSayHowManyMore() {
        List<String> capped = AuditLists.capped(hostnames(101));
        assertThat(capped).hasSize(101).startsWith("storm-00000.bench.example").contains("storm-00099.bench.example");
        assertThat(capped.get(100)).isEqualTo("\u2026 and 1 more");
        assertThat(capped).doesNotContain("storm-00100.bench.example");
    }

    @Test
    void shouldFitTenThousandHostnamesIntoMariaDbsTextColumn() throws Exception {
        List<String> all = hostnames(10_000);
        assertThat(new ObjectMapper().writeValueAsBytes(all).length).as("the uncapped list").isGreaterThan(65_535);
        List<String> capped = AuditLists.capped(all);
        assertThat(capped).hasSize(101).endsWith("\u2026 and 9900 more");
        assertThat(new ObjectMapper().writeValueAsBytes(java.util.Map.of("file", "hosts.csv", "rows", 10_000, "hostnames", capped))
                .length).isLessThan(4_000);
    }
}
