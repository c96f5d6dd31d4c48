package org.bootwarden.inventory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.bootwarden.hosts.Host;
import org.bootwarden.hosts.HostCsv;
import org.bootwarden.hosts.HostQuery;
import org.bootwarden.hosts.HostRepository;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the hosts that match the host list's filters, in hostname order, as CSV (the import
 * format: the file imports again unchanged) or as a JSON array of hosts as the API returns them.
 * Hosts are read in chunks of 500 and written as they come: the export is never held in memory.
 */
@Component
class HostExport {

    private final HostRepository hosts;
    private final ObjectMapper json;

    HostExport(HostRepository hosts, ObjectMapper json) {
        this.hosts = hosts;
        this.json = json;
    }

    void csv(HostQuery filters, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        w.write(HostCsv.header());
        try {
            hosts.forEachMatching(filters, chunk -> {
                try {
                    for (Host h : chunk) {
                        w.write(HostCsv.line(h));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        w.flush();
    }

    void json(HostQuery filters, OutputStream out) throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartArray();
            try {
                hosts.forEachMatching(filters, chunk -> {
                    try {
                        for (Host h : chunk) {
                            g.writeObject(h);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            g.writeEndArray();
        }
    }
}
