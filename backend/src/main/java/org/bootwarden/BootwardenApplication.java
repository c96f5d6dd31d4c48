package org.bootwarden;

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
        SpringApplication.run(BootwardenApplication.class, args);
    }
}
