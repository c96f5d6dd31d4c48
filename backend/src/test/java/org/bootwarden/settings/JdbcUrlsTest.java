package org.bootwarden.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:h2:file:/var/lib/bootwarden/db/bootwarden;AUTO_SERVER=FALSE | jdbc:h2:file:/var/lib/bootwarden/db/bootwarden;AUTO_SERVER=FALSE",
        "jdbc:mysql://db.example:3306/bw?nullDatabaseMeansCurrent=true | jdbc:mysql://db.example:3306/bw?nullDatabaseMeansCurrent=true",
        "jdbc:mysql://bw:s3cr3t@db.example:3306/bw | jdbc:mysql://(hidden)@db.example:3306/bw",
        "jdbc:postgresql://db.example/bw?user=bw&password=s3cr3t&ssl=true | jdbc:postgresql://db.example/bw?user=(hidden)&password=(hidden)&ssl=true",
        "jdbc:sqlserver://db.example:1433;databaseName=bw;user=bw;password=s3cr3t;encrypt=true"
            + " | jdbc:sqlserver://db.example:1433;databaseName=bw;user=(hidden);password=(hidden);encrypt=true",
        "jdbc:h2:mem:x;USER=sa;PASSWORD=s3cr3t | jdbc:h2:mem:x;USER=(hidden);PASSWORD=(hidden)",
        "jdbc:mariadb://db.example/bw?sslKey=/k.pem&trustStorePassword=s3cr3t | jdbc:mariadb://db.example/bw?sslKey=(hidden)&trustStorePassword=(hidden)",
    })
    void shouldRemoveUserInformationAndCredentialParameters(String url, String shown) {
        assertThat(JdbcUrls.withoutCredentials(url)).isEqualTo(shown).doesNotContain("s3cr3t");
    }
}
