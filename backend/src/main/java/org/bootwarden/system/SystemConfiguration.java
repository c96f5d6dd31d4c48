package org.bootwarden.system;

import java.time.Clock;
import java.util.Arrays;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Infrastructure beans. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Flyway must create Bootwarden's tables before the Camunda engine starts (it would otherwise
     * create its own tables first and Flyway would refuse the non-empty schema).
     */
    @Bean
    static BeanFactoryPostProcessor engineAfterFlyway() {
        return beanFactory -> {
            if (!beanFactory.containsBeanDefinition("flywayInitializer")) {
                return;
            }
            for (String name : beanFactory.getBeanDefinitionNames()) {
                if (name.equals("processEngine") || name.equals("processEngineConfigurationImpl")) {
                    BeanDefinition def = beanFactory.getBeanDefinition(name);
                    String[] deps = def.getDependsOn() == null ? new String[0] : def.getDependsOn();
                    if (!Arrays.asList(deps).contains("flywayInitializer")) {
                        String[] more = Arrays.copyOf(deps, deps.length + 1);
                        more[deps.length] = "flywayInitializer";
                        def.setDependsOn(more);
                    }
                }
            }
        };
    }
}
