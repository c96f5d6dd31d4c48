package org.bootwarden.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/** The few SQL differences between the supported databases (paging only, so far). */
@Component
public class SqlDialect {

    private final boolean limitOffset;
    private final String product;

    SqlDialect(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        }
        String p = product.toLowerCase(Locale.ROOT);
        limitOffset = p.contains("mysql") || p.contains("mariadb");
    }

    /** A paging clause to append after ORDER BY. */
    public String page(int offset, int limit) {
        return limitOffset ? " limit " + limit + " offset " + offset
                : " offset " + offset + " rows fetch next " + limit + " rows only";
    }

    public String product() {
        return product;
    }
}
