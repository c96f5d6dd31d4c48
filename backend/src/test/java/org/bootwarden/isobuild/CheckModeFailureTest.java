package org.bootwarden.isobuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

class CheckModeFailureTest {

    @Test
    void shouldNameTheDatabaseAndTheRootCauseWhenTheDatabaseCannotBeReached() {
        Throwable failure = new BeanCreationException("flywayInitializer", "init failed",
                new IllegalStateException("pool", new SQLException("Connection to 127.0.0.1:1 refused.")));

        assertThat(CheckModeFailure.describe(failure, "jdbc:postgresql://127.0.0.1:1/bootwarden"))
                .isEqualTo("database: jdbc:postgresql://127.0.0.1:1/bootwarden not usable: Connection to 127.0.0.1:1 refused.");
    }

    @Test
    void shouldReportASettingThatDoesNotBindWithItsOwnMessage() {
        Throwable failure = new IllegalStateException("context", new BindException(null, ConfigurationPropertyName.of("bootwarden"),
                null, new IllegalArgumentException("BOOTWARDEN_PUBLIC_URL: 'ftp://x' is not usable as a boot server URL")));

        assertThat(CheckModeFailure.describe(failure, null))
                .isEqualTo("settings: BOOTWARDEN_PUBLIC_URL: 'ftp://x' is not usable as a boot server URL");
    }

    @Test
    void shouldReportAnyOtherStartFailureByItsRootCause() {
        assertThat(CheckModeFailure.describe(new IllegalStateException("outer", new IllegalArgumentException("port in use")), null))
                .isEqualTo("start-up: port in use");
    }
}
