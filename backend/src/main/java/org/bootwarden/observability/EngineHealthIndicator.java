package org.bootwarden.observability;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code engine} in {@code /actuator/health} and its readiness group: the process engine can read
 * its own tables and the ticket workflow ({@code provisionHost}) is deployed, so tickets can be
 * filed and moved on. Details: the deployed version and whether this replica's job executor (timers,
 * asynchronous steps) runs.
 */
@Component
class EngineHealthIndicator extends AbstractHealthIndicator {

    static final String PROCESS = "provisionHost";

    private final ProcessEngine engine;

    EngineHealthIndicator(ProcessEngine engine) {
        super("the process engine cannot be reached");
        this.engine = engine;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        var latest = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS).latestVersion()
                .singleResult();
        JobExecutor jobs = engine.getProcessEngineConfiguration() instanceof ProcessEngineConfigurationImpl c ? c.getJobExecutor() : null;
        health.withDetail("engine", engine.getName()).withDetail("jobExecutorActive", jobs != null && jobs.isActive());
        if (latest == null) {
            health.down().withDetail("error", "the ticket workflow " + PROCESS + " is not deployed");
        } else {
            health.up().withDetail(PROCESS, "version " + latest.getVersion());
        }
    }
}
