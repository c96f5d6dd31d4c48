package org.bootwarden.worker;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.stereotype.Component;

/**
 * Makes sure {@code /engine-rest} serves this application's engine. The REST API looks engines up
 * in Camunda's static {@link ProcessEngines} registry, whose first use scans the class path for
 * {@code camunda.cfg.xml} and registers what it builds from it under the same name, replacing the
 * Spring engine (the backend's tests have such a file for the process tests). So: scan now,
 * during start-up and before the web server takes requests, then register the Spring engine again.
 */
@Component
class EngineRestEngine {

    EngineRestEngine(ProcessEngine engine) {
        ProcessEngines.init();
        ProcessEngines.registerProcessEngine(engine);
    }
}
