package org.bootwarden.boot;

import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.bootwarden.hosts.BootRecord;
import org.bootwarden.hosts.HostRepository;
import org.bootwarden.system.BootwardenProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A small connection pool of its own ({@code bootwarden.boot.read-pool-size}, default 8) for the
 * first read of every boot script request: the indexed lookup of the host's boot record. A LOCAL
 * answer needs nothing else from the database, so in a boot storm LOCAL answers never queue behind
 * installer, workflow and console transactions that hold the main pool's connections.
 *
 * <p>It connects to the same database as the main pool (same URL and credentials: for an H2 file
 * database, the same database in the same JVM). Its connections are autocommit and read-only at
 * READ COMMITTED: every read is a statement of its own that sees every committed change, so a host
 * armed a moment ago (on any replica) is seen by the very next boot. Nothing read here is cached.
 * Its metrics are Hikari's ({@code hikaricp_connections*{pool="bootwarden-boot"}}); it is closed
 * when the application context closes (before the main pool, which it depends on).
 */
@Component
class BootReadPool implements DisposableBean {

    /** The pool's name: its metrics' {@code pool} tag and its threads' names. */
    static final String NAME = "bootwarden-boot";

    private final HikariDataSource pool;
    private final JdbcClient jdbc;
    private final HostRepository hostRows;

    BootReadPool(DataSource main, BootwardenProperties props, MeterRegistry registry, HostRepository hostRows) throws SQLException {
        HikariDataSource like = main instanceof HikariDataSource h ? h : main.unwrap(HikariDataSource.class);
        HikariConfig config = new HikariConfig();
        config.setPoolName(NAME);
        config.setJdbcUrl(like.getJdbcUrl());
        config.setUsername(like.getUsername());
        config.setPassword(like.getPassword());
        if (like.getDriverClassName() != null) {
            config.setDriverClassName(like.getDriverClassName());
        }
        config.setDataSourceProperties(like.getDataSourceProperties());
        int size = props.boot().readPoolSize();
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setAutoCommit(true);
        config.setReadOnly(true);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // a boot waits at most this long for a connection, then gets the error script (local disk)
        config.setConnectionTimeout(5_000);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        this.pool = new HikariDataSource(config);
        this.jdbc = JdbcClient.create(pool);
        this.hostRows = hostRows;
    }

    /** The host's boot record as committed now (an autocommit read; never cached). */
    Optional<BootRecord> findBootRecord(String hostId) {
        return hostRows.findBootRecord(jdbc, hostId);
    }

    int size() {
        return pool.getMaximumPoolSize();
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
