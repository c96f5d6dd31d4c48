package org.bootwarden.isobuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

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
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("bootwarden.tickets.install-timeout", "two hours")));
        BindException failure = catchThrowableOfType(BindException.class,
                () -> binder.bind("bootwarden.tickets.install-timeout", Duration.class));

        assertThat(CheckModeFailure.describe(new IllegalStateException("context", failure), "jdbc:h2:file:/x"))
                .startsWith("settings: ").contains("two hours");
    }

    @Test
    void shouldReportAnyOtherStartFailureByItsRootCause() {
        assertThat(CheckModeFailure.describe(new IllegalStateException("outer", new IllegalArgumentException("port in use")), null))
                .isEqualTo("start-up: port in use");
    }
}
