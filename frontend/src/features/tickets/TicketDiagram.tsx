import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorMessage, Loading } from '../../shared/ui/States';
import { useAsync } from '../../shared/utils/useAsync';
import { getTicketDiagram, type TicketDiagram as Diagram } from './api';

/** Step id -> name, read from the model; ids without a name stay ids. */
export function stepNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  try {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    for (const element of Array.from(doc.getElementsByTagName('*'))) {
      const id = element.getAttribute('id');
      const name = element.getAttribute('name');
      if (id && name) names.set(id, name.replace(/\s+/g, ' ').trim());
    }
  } catch {
    // no names: the ids are shown
  }
  return names;
}

function StepList({ label, ids, names }: { label: string; ids: string[]; names: Map<string, string> }) {
  return (
    <div className="details__row">
      <dt>{label}</dt>
      <dd>
        {ids.length === 0
          ? '—'
          : ids.map((id, index) => (
              <span key={id}>
                {index > 0 && ', '}
                {names.get(id) ?? id} <span className="muted small mono">({id})</span>
              </span>
            ))}
      </dd>
    </div>
  );
}

type Drawing = { status: 'drawing' } | { status: 'drawn'; unknown: string[] } | { status: 'failed'; message: string };

function DiagramCanvas({ diagram }: { diagram: Diagram }) {
  const container = useRef<HTMLDivElement>(null);
  const [drawing, setDrawing] = useState<Drawing>({ status: 'drawing' });
  const names = stepNames(diagram.bpmnXml);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | undefined;
    setDrawing({ status: 'drawing' });
    import('./bpmnViewer')
      .then(({ renderDiagram }) => {
        if (cancelled || !container.current) return undefined;
        return renderDiagram(container.current, diagram.bpmnXml, diagram.active, diagram.completed);
      })
      .then(
        (rendered) => {
          if (!rendered) return;
          if (cancelled) rendered.destroy();
          else {
            destroy = rendered.destroy;
            setDrawing({ status: 'drawn', unknown: rendered.unknown });
          }
        },
        (error: unknown) => {
          if (!cancelled) setDrawing({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
        },
      );
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [diagram]);

  const now = diagram.active.map((id) => names.get(id) ?? id).join(', ') || 'no step (the workflow has ended)';
  return (
    <>
      {drawing.status === 'failed' && (
        <div className="alert alert--warning" role="status">
          <p className="alert__title">The diagram could not be drawn</p>
          <p>{drawing.message}</p>
        </div>
      )}
      {drawing.status === 'drawing' && <Loading label="Drawing the workflow…" />}
      <div
        ref={container}
        className="diagram"
        role="img"
        aria-label={`Workflow diagram (version ${diagram.processVersion}); now at: ${now}`}
        hidden={drawing.status === 'failed'}
      />
      {drawing.status !== 'failed' && (
        <ul className="diagram__legend" aria-label="Legend">
          <li>
            <span className="diagram__swatch diagram__swatch--active" aria-hidden="true" /> current step
          </li>
          <li>
            <span className="diagram__swatch diagram__swatch--completed" aria-hidden="true" /> step passed
          </li>
          <li>
            <span className="diagram__swatch" aria-hidden="true" /> not reached
          </li>
          <li className="muted">Drag to pan, scroll to zoom.</li>
        </ul>
      )}
      <dl className={drawing.status === 'failed' ? 'details' : 'details visually-hidden'}>
        <StepList label="Now at" ids={diagram.active} names={names} />
        <StepList label="Passed" ids={diagram.completed} names={names} />
      </dl>
    </>
  );
}

/**
 * The ticket's workflow drawn with bpmn-js (read-only, loaded on demand): current steps
 * highlighted, passed steps marked. Without a drawing the steps are listed by name.
 * `version` (e.g. the ticket's last change) reloads it after a decision.
 */
export function TicketDiagram({ ticketId, version }: { ticketId: string; version?: string }) {
  const load = useCallback(
    (signal: AbortSignal) => getTicketDiagram(ticketId, signal),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version only triggers the reload
    [ticketId, version],
  );
  const diagram = useAsync(load);
  if (diagram.error && !diagram.data) {
    return <ErrorMessage error={diagram.error} title="Could not load the workflow diagram" onRetry={diagram.reload} />;
  }
  if (!diagram.data) return <Loading label="Loading the workflow…" />;
  return <DiagramCanvas diagram={diagram.data} />;
}
