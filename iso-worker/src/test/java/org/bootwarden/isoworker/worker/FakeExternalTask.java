package org.bootwarden.isoworker.worker;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.TypedValue;

/** A fetched task with the variables the handler reads and the engine's retries counter. */
final class FakeExternalTask implements ExternalTask {

    private final Map<String, Object> variables = new HashMap<>();
    private final Integer retries;

    FakeExternalTask(String ticketId, String hostId, Integer retries) {
        variables.put("ticketId", ticketId);
        variables.put("hostId", hostId);
        this.retries = retries;
    }

    @Override public String getId() { return "task-1"; }
    @Override public Integer getRetries() { return retries; }
    @Override public String getTopicName() { return IsoWorkerProperties.TOPIC; }
    @Override public String getBusinessKey() { return (String) variables.get("ticketId"); }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getVariable(String variableName) {
        return (T) variables.get(variableName);
    }

    @Override public Map<String, Object> getAllVariables() { return Map.copyOf(variables); }
    @Override public String getActivityId() { return "ServiceTask_BuildIso"; }
    @Override public String getActivityInstanceId() { return null; }
    @Override public String getErrorMessage() { return null; }
    @Override public String getErrorDetails() { return null; }
    @Override public String getExecutionId() { return null; }
    @Override public Date getLockExpirationTime() { return null; }
    @Override public Date getCreateTime() { return null; }
    @Override public String getProcessDefinitionId() { return null; }
    @Override public String getProcessDefinitionKey() { return "provisionHost"; }
    @Override public String getProcessDefinitionVersionTag() { return null; }
    @Override public String getProcessInstanceId() { return null; }
    @Override public String getWorkerId() { return "test-worker"; }
    @Override public String getTenantId() { return null; }
    @Override public long getPriority() { return 0; }
    @Override public <T extends TypedValue> T getVariableTyped(String variableName) { throw new UnsupportedOperationException(); }
    @Override public <T extends TypedValue> T getVariableTyped(String variableName, boolean deserializeObjectValue) { throw new UnsupportedOperationException(); }
    @Override public VariableMap getAllVariablesTyped() { throw new UnsupportedOperationException(); }
    @Override public VariableMap getAllVariablesTyped(boolean deserializeObjectValues) { throw new UnsupportedOperationException(); }
    @Override public String getExtensionProperty(String propertyKey) { return null; }
    @Override public Map<String, String> getExtensionProperties() { return Map.of(); }
}
