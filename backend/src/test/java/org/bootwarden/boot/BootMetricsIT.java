package org.bootwarden.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bootwarden.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Boot decisions, answer files and callbacks as Prometheus sees them at /actuator/prometheus. */
class BootMetricsIT extends IntegrationTest {

    @Test
    void shouldCountDecisionsByOutcomeAndPlatformAndTheInstallersRequests() {
        String local = createHost(newHost());
        String localToken = token(local);
        String armed = armedHost(3);
        String armedToken = token(armed);
        double localBefore = metric("bootwarden_boot_decisions_total", "decision=\"local\"", "platform=\"pcbios\"");
        double efiBefore = metric("bootwarden_boot_decisions_total", "decision=\"local\"", "platform=\"efi\"");
        double installBefore = metric("bootwarden_boot_decisions_total", "decision=\"install\"", "platform=\"pcbios\"");
        double badTokenBefore = metric("bootwarden_boot_decisions_total", "decision=\"bad-token\"", "platform=\"other\"");
        double servedBefore = metric("bootwarden_answer_files_total", "outcome=\"served\"");
        double refusedBefore = metric("bootwarden_answer_files_total", "outcome=\"refused\"");
        double installedBefore = metric("bootwarden_install_callbacks_total", "result=\"installed\"");

        boot(local, localToken, "platform=pcbios").expect(200);
        boot(local, localToken, "platform=pcbios").expect(200);
        boot(local, localToken, "platform=efi").expect(200);
        boot(local, "A".repeat(32), "platform=x-evil%22label").expect(200);
        boot(armed, armedToken, "platform=pcbios").expect(200);
        anonymous().get("/boot/" + armed + "/" + armedToken + "/answer").expect(200);
        anonymous().get("/boot/" + armed + "/" + localToken + "/answer").expect(403);
        anonymous().get("/boot/" + armed + "/" + armedToken + "/installed").expect(200);

        assertThat(metric("bootwarden_boot_decisions_total", "decision=\"local\"", "platform=\"pcbios\"") - localBefore).isEqualTo(2);
        assertThat(metric("bootwarden_boot_decisions_total", "decision=\"local\"", "platform=\"efi\"") - efiBefore).isEqualTo(1);
        assertThat(metric("bootwarden_boot_decisions_total", "decision=\"install\"", "platform=\"pcbios\"") - installBefore).isEqualTo(1);
        assertThat(metric("bootwarden_boot_decisions_total", "decision=\"bad-token\"", "platform=\"other\"") - badTokenBefore)
                .as("client-supplied platform text never becomes a label value").isEqualTo(1);
        assertThat(metric("bootwarden_answer_files_total", "outcome=\"served\"") - servedBefore).isEqualTo(1);
        assertThat(metric("bootwarden_answer_files_total", "outcome=\"refused\"") - refusedBefore).isEqualTo(1);
        assertThat(metric("bootwarden_install_callbacks_total", "result=\"installed\"") - installedBefore).isEqualTo(1);
    }

    @Test
    void shouldShowMetricsOnlyToAdminsAndAuditors() {
        anonymous().get("/actuator/prometheus").expect(401);
        assertThat(admin().get("/actuator/prometheus").expect(200).body()).contains("bootwarden_boot_decisions_total");
        String auditor = "metrics-auditor-" + next();
        createUser(auditor, "pw", "AUDITOR");
        as(auditor, "pw").get("/actuator/prometheus").expect(200);
        String editor = "metrics-editor2-" + next();
        createUser(editor, "pw", "EDITOR");
        as(editor, "pw").get("/actuator/prometheus").expect(403);
    }

    /** The value of the series whose labels include all of {@code labels}; 0 when absent. */
    private double metric(String name, String... labels) {
        String text = admin().get("/actuator/prometheus").expect(200).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (m.find()) {
            String series = m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
