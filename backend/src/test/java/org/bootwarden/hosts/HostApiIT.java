package org.bootwarden.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bootwarden.support.Http;
import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class HostApiIT extends IntegrationTest {

    @Test
    void shouldCreateHostAndServeItAtItsLocation() {
        Map<String, Object> request = newHost();

        Http.Response created = admin().post("/api/hosts", request).expect(201);

        JsonNode body = created.json();
        String id = body.path("id").asText();
        assertThat(created.header("Location")).contains("/api/hosts/" + id);
        assertThat(body.path("hostname").asText()).isEqualTo(request.get("hostname"));
        assertThat(body.path("bootState").asText()).isEqualTo("LOCAL");
        assertThat(body.path("version").asInt()).isEqualTo(1);
        assertThat(body.has("tokenVersion")).as("the token version is not part of the API").isFalse();
        JsonNode read = admin().get("/api/hosts/" + id).expect(200).json();
        assertThat(read.path("ip").asText()).isEqualTo(request.get("ip"));
        assertThat(read.path("labels").path("suite").asText()).isEqualTo("it");
    }

    @Test
    void shouldStoreAndReturnMacsNormalisedWhateverTheNotation() {
        int n = next();
        Map<String, Object> request = newHost();
        String a = mac(n, 1);
        String b = mac(n, 2);
        String c = mac(n, 3);
        request.put("macs", List.of(a.toUpperCase().replace(':', '-'), cisco(b), c.replace(":", "").toUpperCase()));

        String id = createHost(request);

        assertThat(host(id).path("macs")).extracting(JsonNode::asText).containsExactly(a, b, c);
        assertThat(jdbc.sql("select mac from host_mac where host_id = ? order by position").param(id).query(String.class).list())
                .containsExactly(a, b, c);
    }

    @Test
    void shouldUpdateWithTheVersionReadAndRefuseAStaleVersion() {
        Map<String, Object> request = newHost();
        String id = createHost(request);

        request.put("version", 1);
        request.put("vlan", 42);
        JsonNode updated = admin().put("/api/hosts/" + id, request).expect(200).json();
        assertThat(updated.path("version").asInt()).isEqualTo(2);
        assertThat(updated.path("vlan").asInt()).isEqualTo(42);

        request.put("vlan", 43);
        Http.Response stale = admin().put("/api/hosts/" + id, request).expect(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.json().path("detail").asText()).contains("changed since version 1 (now 2)");
        assertThat(host(id).path("vlan").asInt()).isEqualTo(42);
    }

    @Test
    void shouldRequireTheVersionForAnUpdate() {
        Map<String, Object> request = newHost();
        String id = createHost(request);

        Http.Response r = admin().put("/api/hosts/" + id, request).expect(400);

        assertThat(r.errorFields()).containsExactly("version");
    }

    @Test
    void shouldDeleteHostAndThenNotFindIt() {
        String id = createHost(newHost());

        admin().delete("/api/hosts/" + id + "?version=7").expect(409);
        admin().delete("/api/hosts/" + id + "?version=1").expect(204);

        Http.Response gone = admin().get("/api/hosts/" + id).expect(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.sql("select count(*) from host_mac where host_id = ?").param(id).query(Long.class).single()).isZero();
    }

    @Test
    void shouldAnswerInvalidRequestWithProblemDetailsNamingEachField() {
        Map<String, Object> request = newHost();
        request.put("hostname", "bad_name!");
        request.put("gateway", "192.0.2.1");
        request.put("macs", List.of("01:00:5e:00:00:01"));
        request.put("vlan", 5000);

        Http.Response r = admin().post("/api/hosts", request).expect(400);

        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("title").asText()).isEqualTo("Invalid request");
        assertThat(r.errorFields()).containsExactlyInAnyOrder("hostname", "gateway", "macs[0]", "vlan");
        assertThat(r.json().path("errors").get(0).path("message").asText()).isNotBlank();
    }

    @Test
    void shouldNameTheFieldOfABodyValueOfTheWrongType() {
        Map<String, Object> request = newHost();
        request.put("prefixLength", "twenty-four");

        Http.Response r = admin().post("/api/hosts", request).expect(400);

        assertThat(r.errorFields()).containsExactly("prefixLength");
    }

    @Test
    void shouldRefuseAnUnknownProfile() {
        Http.Response r = admin().post("/api/hosts", newHost("no-such-profile")).expect(400);

        assertThat(r.errorFields()).containsExactly("profile");
    }

    @Test
    void shouldRefuseDuplicateHostnameIpOrMacNamingTheField() {
        Map<String, Object> first = newHost();
        createHost(first);

        Map<String, Object> sameName = newHost();
        sameName.put("hostname", ((String) first.get("hostname")).toUpperCase());
        Map<String, Object> sameIp = newHost();
        sameIp.put("ip", first.get("ip"));
        sameIp.put("gateway", first.get("gateway"));
        Map<String, Object> sameMac = newHost();
        String firstMac = ((List<?>) first.get("macs")).get(0).toString();
        sameMac.put("macs", List.of(mac(next(), 1), firstMac.replace(":", "").toUpperCase()));

        Http.Response name = admin().post("/api/hosts", sameName).expect(409);
        Http.Response ip = admin().post("/api/hosts", sameIp).expect(409);
        Http.Response mac = admin().post("/api/hosts", sameMac).expect(409);

        assertThat(name.errorFields()).containsExactly("hostname");
        assertThat(ip.errorFields()).containsExactly("ip");
        assertThat(mac.errorFields()).containsExactly("macs[1]");
        assertThat(mac.json().path("detail").asText()).contains(firstMac);
    }

    @Test
    void shouldAllowAHostToKeepItsOwnUniqueValuesOnUpdate() {
        Map<String, Object> request = newHost();
        String id = createHost(request);
        request.put("version", 1);
        request.put("labels", Map.of("suite", "it", "rack", "r9"));

        JsonNode updated = admin().put("/api/hosts/" + id, request).expect(200).json();

        assertThat(updated.path("labels").path("rack").asText()).isEqualTo("r9");
    }

    @Test
    void shouldSearchByTextStateProfileLabelAndSubnet() {
        String batch = "b" + next();
        String profile = createArmableProfile(3);
        List<Map<String, Object>> requests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> h = newHost(i == 2 ? profile : "debian-12");
            h.put("labels", Map.of("batch", batch, "slot", "s" + i));
            requests.add(h);
            ids.add(createHost(h));
        }
        arm(ids.get(2)).expect(200);
        String hostname0 = (String) requests.get(0).get("hostname");
        String mac1 = ((List<?>) requests.get(1).get("macs")).get(0).toString();
        String ip2 = (String) requests.get(2).get("ip");

        assertThat(search("label=batch=" + batch)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(search("label=batch=" + batch + "&q=" + hostname0.substring(0, hostname0.indexOf('.')) + ".")).containsExactly(ids.get(0));
        assertThat(search("q=" + mac1.replace(':', '-').toUpperCase())).containsExactly(ids.get(1));
        assertThat(search("q=" + ip2)).containsExactly(ids.get(2));
        assertThat(search("label=batch=" + batch + "&state=ARMED")).containsExactly(ids.get(2));
        assertThat(search("label=batch=" + batch + "&state=LOCAL")).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        assertThat(search("label=batch=" + batch + "&profile=" + profile)).containsExactly(ids.get(2));
        assertThat(search("label=slot=s1&q=" + hostname(requests.get(1)))).containsExactly(ids.get(1));
        assertThat(search("label=batch")).containsAll(ids);
        String ip1 = (String) requests.get(1).get("ip");
        String subnet1 = ip1.substring(0, ip1.lastIndexOf('.')) + ".0/24";
        assertThat(search("subnet=" + subnet1)).containsExactly(ids.get(1));
        assertThat(search("label=batch=" + batch + "&subnet=10.0.0.0/8")).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void shouldSortAndPage() {
        int n = next();
        String batch = "b" + n;
        List<String> ids = new ArrayList<>();
        int[] lastOctets = {9, 20, 100}; // numeric order differs from text order ("100" < "20" < "9")
        for (int i = 0; i < 3; i++) {
            Map<String, Object> h = newHost();
            h.put("labels", Map.of("batch", batch));
            h.put("ip", subnet(n) + "." + lastOctets[i]);
            h.put("gateway", subnet(n) + ".1");
            ids.add(createHost(h));
        }

        assertThat(search("label=batch=" + batch + "&sort=ip,desc")).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(search("label=batch=" + batch + "&sort=createdAt")).containsExactly(ids.get(0), ids.get(1), ids.get(2));

        JsonNode page1 = admin().get("/api/hosts?label=batch=" + batch + "&sort=ip&size=2&page=1").expect(200).json();
        assertThat(page1.path("items")).extracting(h -> h.path("id").asText()).containsExactly(ids.get(2));
        assertThat(page1.path("totalItems").asLong()).isEqualTo(3);
        assertThat(page1.path("totalPages").asInt()).isEqualTo(2);
        assertThat(page1.path("page").asInt()).isEqualTo(1);
        assertThat(page1.path("size").asInt()).isEqualTo(2);

        JsonNode subnetPage = admin().get("/api/hosts?label=batch=" + batch + "&subnet=10.0.0.0/8&sort=ip,desc&size=2&page=0")
                .expect(200).json();
        assertThat(subnetPage.path("items")).extracting(h -> h.path("id").asText()).containsExactly(ids.get(2), ids.get(1));
        assertThat(subnetPage.path("totalItems").asLong()).isEqualTo(3);
    }

    @Test
    void shouldRefuseBadSearchParameters() {
        Http.Response sort = admin().get("/api/hosts?sort=password").expect(400);
        assertThat(sort.json().path("detail").asText()).contains("cannot sort by 'password'").contains("hostname");
        assertThat(sort.errorFields()).containsExactly("sort");

        assertThat(admin().get("/api/hosts?sort=hostname;drop%20table%20host").expect(400).json().path("detail").asText())
                .contains("cannot sort by");
        assertThat(admin().get("/api/hosts?state=BROKEN").expect(400).errorFields()).containsExactly("state");
        // the console shows these at the filter's field
        assertThat(admin().get("/api/hosts?subnet=10.0.0.0").expect(400).errorFields()).containsExactly("subnet");
        assertThat(admin().get("/api/hosts?subnet=10.0.0.0/33").expect(400).json().path("errors").get(0).path("message").asText())
                .isEqualTo("must be CIDR notation, e.g. 10.0.2.0/24");
        admin().get("/api/hosts?size=0").expect(400);
        admin().get("/api/hosts?size=501").expect(400);
        admin().get("/api/hosts?page=-1").expect(400);
    }

    private List<String> search(String query) {
        JsonNode page = admin().get("/api/hosts?size=500&" + query).expect(200).json();
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(h -> ids.add(h.path("id").asText()));
        return ids;
    }

    private static String hostname(Map<String, Object> request) {
        return (String) request.get("hostname");
    }

    private static String cisco(String mac) {
        String hex = mac.replace(":", "");
        return hex.substring(0, 4) + "." + hex.substring(4, 8) + "." + hex.substring(8);
    }
}
