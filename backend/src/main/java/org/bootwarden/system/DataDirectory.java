package org.bootwarden.system;

import java.io.IOException;
import java.nio.file.Files;

import jakarta.annotation.PostConstruct;

import org.springframework.stereotype.Component;

/** Creates the data directory layout: {@code db/}, {@code iso/}, {@code media/}, {@code tmp/}. */
@Component
class DataDirectory {

    private final BootwardenProperties props;

    DataDirectory(BootwardenProperties props) {
        this.props = props;
    }

    @PostConstruct
    void create() throws IOException {
        Files.createDirectories(props.isoDir());
        Files.createDirectories(props.mediaDir());
        Files.createDirectories(props.dataDir().resolve("tmp"));
    }
}
