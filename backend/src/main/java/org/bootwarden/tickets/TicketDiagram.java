package org.bootwarden.tickets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bootwarden.system.NotFoundException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

/** A ticket's workflow as a diagram: the model it runs on and the steps done, active and ended at. */
@Component
class TicketDiagram {

    /**
     * @param bpmnXml    the BPMN XML of the process version the ticket runs on
     * @param active     ids of the steps the workflow waits at now (empty when it has ended)
     * @param completed  ids of the steps it has passed, in order, without repeats
     */
    record Diagram(String ticketId, int processVersion, String bpmnXml, List<String> active, List<String> completed) {
    }

    private final HistoryService history;
    private final RepositoryService repository;
    private final RuntimeService runtime;

    TicketDiagram(HistoryService history, RepositoryService repository, RuntimeService runtime) {
        this.history = history;
        this.repository = repository;
        this.runtime = runtime;
    }

    Diagram of(Ticket ticket) {
        if (ticket.processInstanceId() == null) {
            throw new NotFoundException("ticket " + ticket.id() + " has no workflow");
        }
        HistoricProcessInstance pi = history.createHistoricProcessInstanceQuery().processInstanceId(ticket.processInstanceId())
                .singleResult();
        if (pi == null) {
            throw new NotFoundException("the workflow of ticket " + ticket.id() + " is no longer in the engine's history");
        }
        String xml;
        try (InputStream in = repository.getProcessModel(pi.getProcessDefinitionId())) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> completed = new LinkedHashSet<>();
        for (HistoricActivityInstance a : history.createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
                .finished().orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list()) {
            completed.add(a.getActivityId());
        }
        List<String> active = pi.getEndTime() != null ? List.of() : runtime.getActiveActivityIds(pi.getId());
        return new Diagram(ticket.id(), pi.getProcessDefinitionVersion(), xml, active, List.copyOf(completed));
    }
}
