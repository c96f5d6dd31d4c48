package org.bootwarden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void shouldQuoteCellsWithSeparatorsQuotesAndLineBreaks() {
        assertThat(AuditService.csv("plain")).isEqualTo("plain");
        assertThat(AuditService.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditService.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditService.csv("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditService.csv(null)).isEmpty();
    }

    @Test
    void shouldNeutraliseWhatASpreadsheetWouldRunAsAFormula() {
        assertThat(AuditService.csv("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(AuditService.csv("+1")).isEqualTo("'+1");
        assertThat(AuditService.csv("-2")).isEqualTo("'-2");
        assertThat(AuditService.csv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }
}
