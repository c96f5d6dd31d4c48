package org.bootwarden.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.bootwarden.system.FieldProblem;
import org.bootwarden.system.InvalidRequestException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ImportRowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ImportRow> csv(String s) {
        return ImportRows.fromCsv(s.getBytes(StandardCharsets.UTF_8), 100);
    }

    private static List<ImportRow> json(String s) {
        return ImportRows.fromJson(s.getBytes(StandardCharsets.UTF_8), 3, false, JSON);
    }

    private static String bodyProblem(Runnable r) {
        try {
            r.run();
        } catch (InvalidRequestException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0).field() + ": " + e.errors().get(0).message();
        }
        throw new AssertionError("no problem reported");
    }

    @Test
    void shouldReadACsvWithOnlyTheColumnsItGivesAndRowProblemsWithoutTheRowPrefix() {
        List<ImportRow> rows = csv("hostname,labels,vlan\n"
                + "a.example,rack=r1,\n"
                + "b.example,rack=r2,seven\n"
                + "c.example,@sum(1),\n"
                + "d.example\n");
        assertThat(rows).extracting(ImportRow::row).containsExactly(2, 3, 4, 5);
        assertThat(rows.get(0).present()).containsExactlyInAnyOrder("hostname", "labels", "vlan");
        assertThat(rows.get(0).request().labels()).isEqualTo(Map.of("rack", "r1"));
        assertThat(rows.get(0).request().macs()).isNull();
        assertThat(rows.get(0).problems()).isEmpty();
        assertThat(rows.get(1).problems()).extracting(FieldProblem::field).containsExactly("vlan");
        // rows the CSV reader refused keep their hostname and their problems
        assertThat(rows.get(2).request()).isNull();
        assertThat(rows.get(2).hostname()).isEqualTo("c.example");
        assertThat(rows.get(2).problems()).extracting(FieldProblem::field).containsExactly("labels");
        assertThat(rows.get(3).problems()).extracting(FieldProblem::field).containsExactly("row");
        assertThat(rows.get(3).problems().get(0).message()).contains("has 1 fields, the header has 3");
    }

    @Test
    void shouldRequireOnlyTheHostnameColumnAndNameTheImportTemplate() {
        assertThat(bodyProblem(() -> csv("ip,macs\n10.0.0.1,52:54:00:00:00:01\n"))).isEqualTo("row 1: hostname: required column is missing");
        assertThat(bodyProblem(() -> csv(""))).contains("/api/hosts/import/template.csv");
    }

    @Test
    void shouldReadJsonHostsLikeTheHostApiAndIgnoreTheReadOnlyFieldsOfAnExport() {
        List<ImportRow> rows = json("""
                [{"hostname": "a.example", "macs": ["52:54:00:00:00:01"], "ip": "10.0.0.5", "prefixLength": 24, "gateway": "10.0.0.1",
                  "dns": ["10.0.0.2"], "vlan": null, "firmware": "uefi", "profile": "debian-12", "labels": {"rack": "r1", "u": 7},
                  "id": "x", "bootState": "ARMED", "version": 3, "openTicketId": "T-1", "createdAt": "2024-01-01T00:00:00Z"},
                 {"hostname": "b.example", "prefixLength": "24", "labels": {"rack": "r2"}}]
                """);
        assertThat(rows).hasSize(2);
        ImportRow a = rows.get(0);
        assertThat(a.row()).isEqualTo(1);
        assertThat(a.problems()).isEmpty();
        assertThat(a.present()).containsExactlyInAnyOrder("hostname", "macs", "ip", "prefixLength", "gateway", "dns", "vlan", "firmware",
                "profile", "labels");
        assertThat(a.request().labels()).isEqualTo(Map.of("rack", "r1", "u", "7"));
        assertThat(a.request().vlan()).isNull();
        ImportRow b = rows.get(1);
        assertThat(b.row()).isEqualTo(2);
        assertThat(b.present()).containsExactlyInAnyOrder("hostname", "prefixLength", "labels");
        assertThat(b.request().prefixLength()).isEqualTo(24);
    }

    @Test
    void shouldReportWrongTypesAndUnknownFieldsAtTheirFields() {
        List<ImportRow> rows = json("""
                [{"hostname": 12, "macs": "52:54:00:00:00:01", "dns": ["10.0.0.2", 5], "prefixLength": 24.5, "hostnmae": "x",
                  "labels": {"a": {"b": 1}}},
                 "web-01"]
                """);
        assertThat(rows.get(0).problems()).extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("hostname", "macs", "dns[1]", "prefixLength", "hostnmae", "labels.a");
        assertThat(rows.get(0).problems()).filteredOn(p -> p.field().equals("hostnmae")).first().extracting(FieldProblem::message)
                .asString().startsWith("unknown field");
        assertThat(rows.get(1).request()).isNull();
        assertThat(rows.get(1).problems()).extracting(FieldProblem::message).containsExactly("must be a host object, not string");
    }

    @Test
    void shouldRefuseABodyThatIsNoArrayOfHostsOrTooLong() {
        assertThat(bodyProblem(() -> json("{\"hostname\": \"a\"}"))).startsWith("body: must be a JSON array");
        assertThat(bodyProblem(() -> json("[]"))).isEqualTo("body: the array has no hosts");
        assertThat(ImportRows.fromJson("[]".getBytes(StandardCharsets.UTF_8), 3, true, JSON)).as("a feed with no hosts now").isEmpty();
        assertThat(bodyProblem(() -> json(""))).startsWith("body: is empty");
        assertThat(bodyProblem(() -> json("[{\"hostname\": }"))).startsWith("body: is not valid JSON (line 1, column");
        assertThat(bodyProblem(() -> json("[{}, {}, {}, {}]"))).isEqualTo("body: has 4 hosts; at most 3 per import");
        assertThatThrownBy(() -> ImportRows.fromCsv("hostname\na\nb\nc\n".getBytes(StandardCharsets.UTF_8), 2))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors().get(0).message())
                        .isEqualTo("has 3 rows; at most 2 per file"));
    }
}
