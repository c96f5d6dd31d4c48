package org.bootwarden.profiles;

import org.bootwarden.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

@Repository
class ProfileRepository {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ProfileRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<Profile> findAll() {
        return jdbc.sql("select * from os_profile order by name").query(this::row).list();
    }

    Optional<Profile> find(String name) {
        return jdbc.sql("select * from os_profile where name = ?").param(name).query(this::row).optional();
    }

    void insert(Profile p) {
        jdbc.sql("insert into os_profile (name, description, kind, kernel_url, initrd_urls, kernel_args, iso_url, ipxe_script,"
                + " answer_template, variables, reinstall_on_reboot, max_install_boots, version, created_at, updated_at, secrets)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(p.name(), p.description(), p.kind().name(), p.kernelUrl(), String.join("\n", p.initrdUrls()),
                        p.kernelArgs(), p.isoUrl(), p.ipxeScript(), p.answerTemplate(), vars(p.variables()),
                        p.reinstallOnReboot() ? 1 : 0, p.maxInstallBoots(), p.version(), DbTime.of(p.createdAt()),
                        DbTime.of(p.updatedAt()), vars(p.encryptedSecrets()))
                .update();
    }

    boolean update(Profile p, int expectedVersion) {
        return jdbc.sql("update os_profile set description = ?, kind = ?, kernel_url = ?, initrd_urls = ?, kernel_args = ?,"
                + " iso_url = ?, ipxe_script = ?, answer_template = ?, variables = ?, reinstall_on_reboot = ?,"
                + " max_install_boots = ?, version = version + 1, updated_at = ?, secrets = ? where name = ? and version = ?")
                .params(p.description(), p.kind().name(), p.kernelUrl(), String.join("\n", p.initrdUrls()), p.kernelArgs(),
                        p.isoUrl(), p.ipxeScript(), p.answerTemplate(), vars(p.variables()), p.reinstallOnReboot() ? 1 : 0,
                        p.maxInstallBoots(), DbTime.of(p.updatedAt()), vars(p.encryptedSecrets()), p.name(), expectedVersion)
                .update() == 1;
    }

    long countHostsUsing(String name) {
        return jdbc.sql("select count(*) from host where profile = ?").param(name).query(Long.class).single();
    }

    boolean delete(String name, int expectedVersion) {
        return jdbc.sql("delete from os_profile where name = ? and version = ?").params(name, expectedVersion).update() == 1;
    }

    /** Only the secrets' column of every profile that has any: name -> stored (encrypted) value or null. */
    Map<String, Map<String, String>> allSecrets() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        jdbc.sql("select name, secrets from os_profile where secrets is not null order by name").query(rs -> {
            try {
                out.put(rs.getString(1), json.readValue(rs.getString(2), new TypeReference<LinkedHashMap<String, String>>() { }));
            } catch (JsonProcessingException e) {
                throw new SQLException("secrets of profile " + rs.getString(1) + " are not JSON", e);
            }
        });
        return out;
    }

    /** Replaces a profile's secrets column alone (re-encryption under a new key changes nothing else). */
    void updateSecrets(String name, Map<String, String> secrets) {
        jdbc.sql("update os_profile set secrets = ? where name = ?").params(vars(secrets), name).update();
    }

    private String vars(Map<String, String> v) {
        try {
            return json.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Profile row(ResultSet rs, int n) throws SQLException {
        String initrds = rs.getString("initrd_urls");
        Map<String, String> vars;
        Map<String, String> secrets;
        try {
            String v = rs.getString("variables");
            vars = v == null ? Map.of() : json.readValue(v, new TypeReference<LinkedHashMap<String, String>>() { });
            String sec = rs.getString("secrets");
            secrets = sec == null ? Map.of() : json.readValue(sec, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("profile variables or secrets are not JSON", e);
        }
        return new Profile(rs.getString("name"), rs.getString("description"), ProfileKind.valueOf(rs.getString("kind")),
                rs.getString("kernel_url"), initrds == null || initrds.isBlank() ? List.of() : Arrays.asList(initrds.split("\n")),
                rs.getString("kernel_args"), rs.getString("iso_url"), rs.getString("ipxe_script"),
                rs.getString("answer_template"), vars, rs.getInt("reinstall_on_reboot") == 1, rs.getInt("max_install_boots"),
                rs.getInt("version"), DbTime.read(rs, "created_at"), DbTime.read(rs, "updated_at"), secrets);
    }
}
