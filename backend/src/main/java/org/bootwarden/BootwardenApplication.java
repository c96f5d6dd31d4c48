package org.bootwarden;

import java.util.TimeZone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Bootwarden: DHCP-less, workflow-driven provisioning around iPXE. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BootwardenApplication {

    public static void main(String[] args) {
        // timestamps are stored as UTC on every database and replica
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        SpringApplication.run(BootwardenApplication.class, args);
    }
}
