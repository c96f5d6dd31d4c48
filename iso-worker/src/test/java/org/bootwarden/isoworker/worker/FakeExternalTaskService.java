package org.bootwarden.isoworker.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.client.exception.NotFoundException;
import org.camunda.bpm.client.exception.RestException;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;

/** Records the worker's answers; {@link #taskGone()} makes every answer fail as the engine does for a deleted task. */
final class FakeExternalTaskService implements ExternalTaskService {

    record Call(String kind, Map<String, Object> variables, String errorCode, String message, String details,
            Integer retries, Long retryTimeout) {
    }

    final List<Call> calls = new ArrayList<>();
    private boolean gone;

    FakeExternalTaskService taskGone() {
        gone = true;
        return this;
    }

    Call only() {
        if (calls.size() != 1) {
            throw new AssertionError("expected exactly one answer, got " + calls);
        }
        return calls.get(0);
    }

    private void record(Call call) {
        calls.add(call);
        if (gone) {
            throw new NotFoundException("task gone", new RestException("External task with id x does not exist",
                    "RestException", null));
        }
    }

    @Override
    public void complete(ExternalTask task, Map<String, Object> variables) {
        record(new Call("complete", variables, null, null, null, null, null));
    }

    @Override
    public void handleBpmnError(ExternalTask task, String errorCode, String errorMessage, Map<String, Object> variables) {
        record(new Call("bpmnError", variables, errorCode, errorMessage, null, null, null));
    }

    @Override
    public void handleFailure(ExternalTask task, String errorMessage, String errorDetails, int retries, long retryTimeout) {
        record(new Call("failure", null, null, errorMessage, errorDetails, retries, retryTimeout));
    }

    // ---- not used by the handler: any call is a test failure ----------------------------------

    private static AssertionError unexpected() {
        return new AssertionError("unexpected call");
    }

    @Override public void lock(String externalTaskId, long lockDuration) { throw unexpected(); }
    @Override public void lock(ExternalTask externalTask, long lockDuration) { throw unexpected(); }
    @Override public void unlock(ExternalTask externalTask) { throw unexpected(); }
    @Override public void complete(ExternalTask externalTask) { throw unexpected(); }
    @Override public void setVariables(String processInstanceId, Map<String, Object> variables) { throw unexpected(); }
    @Override public void setVariables(ExternalTask externalTask, Map<String, Object> variables) { throw unexpected(); }
    @Override public void complete(ExternalTask externalTask, Map<String, Object> variables, Map<String, Object> localVariables) { throw unexpected(); }
    @Override public void complete(String externalTaskId, Map<String, Object> variables, Map<String, Object> localVariables) { throw unexpected(); }
    @Override public void handleFailure(String externalTaskId, String errorMessage, String errorDetails, int retries, long retryTimeout) { throw unexpected(); }
    @Override public void handleFailure(String externalTaskId, String errorMessage, String errorDetails, int retries, long retryTimeout, Map<String, Object> variables, Map<String, Object> localVariables) { throw unexpected(); }
    @Override public void handleBpmnError(ExternalTask externalTask, String errorCode) { throw unexpected(); }
    @Override public void handleBpmnError(ExternalTask externalTask, String errorCode, String errorMessage) { throw unexpected(); }
    @Override public void handleBpmnError(String externalTaskId, String errorCode, String errorMessage, Map<String, Object> variables) { throw unexpected(); }
    @Override public void extendLock(ExternalTask externalTask, long newDuration) { throw unexpected(); }
    @Override public void extendLock(String externalTaskId, long newDuration) { throw unexpected(); }
}
