import { Fragment, useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { toApiError, type ApiError } from '../../app/api';
import { PageHeader } from '../../shared/layout/PageHeader';
import { DeleteButton } from '../../shared/ui/DeleteButton';
import { Detail } from '../../shared/ui/Details';
import { PagedResults } from '../../shared/ui/PagedResults';
import { ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { usePolling } from '../../shared/utils/usePolling';
import {
  deleteWebhook,
  getWebhook,
  listDeliveries,
  redeliver,
  testWebhook,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './api';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';
import { DeliveryCounts, EventChips, useFlash, WEBHOOKS, webhookPath, webhooksBack } from './WebhookPages';

/** How often the log is read again while it shows a PENDING delivery. */
const PENDING_POLL_MS = 3000;

const STATUS_FILTERS: { value: DeliveryStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'DELIVERED', label: 'Delivered' },
  { value: 'DEAD', label: 'Dead' },
];

const answer = (statusCode: number | null) => (statusCode === null ? 'no answer' : `HTTP ${statusCode}`);

/** The result of "Send test": what the endpoint answered, or why nothing got there. */
function TestResult({ delivery }: { delivery: WebhookDelivery }) {
  const attempt = delivery.log[delivery.log.length - 1];
  const ok = delivery.status === 'DELIVERED';
  return (
    <div className={`alert ${ok ? 'alert--success' : 'alert--error'}`} role="status" aria-label="Test result">
      <p className="alert__title">{ok ? 'Test delivered' : 'Test not delivered'}</p>
      <p>
        <DeliveryStatusBadge status={delivery.status} /> {answer(delivery.lastStatusCode)}
        {attempt && <> in {attempt.durationMs} ms, sent by {attempt.sender}</>}.
        {delivery.lastError && (
          <>
            {' '}
            <span className="mono break">{delivery.lastError}</span>
          </>
        )}
      </p>
      <p className="small">
        Delivery <span className="mono">{delivery.id}</span>: test deliveries are not retried; it is in the delivery log below.
      </p>
    </div>
  );
}

function AttemptsTable({ delivery }: { delivery: WebhookDelivery }) {
  if (delivery.log.length === 0) {
    return <p className="small muted">No attempt yet{delivery.nextAttemptAt && <> (the first one is due {formatDateTime(delivery.nextAttemptAt)})</>}.</p>;
  }
  return (
    <table className="table table--compact">
      <caption className="visually-hidden">Attempts of delivery {delivery.id}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Answer</th>
          <th scope="col">Outcome</th>
          <th scope="col">Error</th>
          <th scope="col">Replica</th>
        </tr>
      </thead>
      <tbody>
        {delivery.log.map((attempt) => (
          <tr key={attempt.attempt}>
            <td>{attempt.attempt}</td>
            <td>
              <time dateTime={attempt.startedAt}>{formatDateTime(attempt.startedAt)}</time>
            </td>
            <td className="nowrap">{attempt.durationMs} ms</td>
            <td className="nowrap">{answer(attempt.statusCode)}</td>
            <td>{attempt.outcome === 'DELIVERED' ? <span className="badge badge--ok">delivered</span> : <span className="badge badge--error">failed</span>}</td>
            <td className="mono small break">{attempt.error ?? '—'}</td>
            <td className="mono small">{attempt.sender}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface DeliveryLogProps {
  endpointId: string;
  /** Changes when the log should be read again (after a test send). */
  refreshToken: number;
  /** After a redelivery was queued (the endpoint's counts changed). */
  onRedelivered(): void;
}

function DeliveryLog({ endpointId, refreshToken, onRedelivered }: DeliveryLogProps) {
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [page, setPage] = useState(0);
  const [size, setSize] = useState(25);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [redeliverError, setRedeliverError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(
    (signal: AbortSignal) => listDeliveries(endpointId, { status, page, size }, signal),
    // refreshToken: read again after a test send
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [endpointId, status, page, size, refreshToken],
  );
  const log = useAsync(load);
  const hasPending = Boolean(log.data?.items.some((d) => d.status === 'PENDING'));
  usePolling(
    async (signal) => {
      const fresh = await listDeliveries(endpointId, { status, page, size }, signal);
      if (!signal.aborted) log.setData(fresh);
    },
    PENDING_POLL_MS,
    hasPending,
  );

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const sendAgain = async (delivery: WebhookDelivery) => {
    setBusy(delivery.id);
    setRedeliverError(null);
    setNotice(null);
    try {
      const created = await redeliver(endpointId, delivery.id);
      setNotice(`Event ${delivery.eventType} queued again as delivery ${created.id}.`);
      if (page !== 0) setPage(0);
      else log.reload();
      onRedelivered();
    } catch (failure) {
      setRedeliverError(toApiError(failure));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div className="filters">
        <label className="inline-label">
          Status
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as DeliveryStatus | '');
              setPage(0);
            }}
          >
            {STATUS_FILTERS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--small" onClick={log.reload}>
          Refresh
        </button>
      </div>
      {notice && <Notice kind="success">{notice}</Notice>}
      {redeliverError && <ErrorMessage error={redeliverError} title="Could not send the delivery again" />}
      <PagedResults
        state={log}
        noun={['delivery', 'deliveries']}
        errorTitle="Could not load the delivery log"
        emptyTitles={['No deliveries yet', 'No deliveries with this status']}
        filtered={status !== ''}
        onClearFilters={() => {
          setStatus('');
          setPage(0);
        }}
        emptyHint={<p>Deliveries appear when a subscribed event happens, or when you send a test.</p>}
        onPageChange={setPage}
        onSizeChange={(next) => {
          setSize(next);
          setPage(0);
        }}
      >
        {(items, loading) => (
          <div className="table-wrap" aria-busy={loading}>
            <table className="table">
              <caption className="visually-hidden">Delivery log</caption>
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last answer</th>
                  <th scope="col">Last error</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((delivery) => {
                  const expanded = open.has(delivery.id);
                  const detailId = `delivery-${delivery.id}-attempts`;
                  return (
                    <Fragment key={delivery.id}>
                      <tr className={delivery.status === 'DEAD' ? 'row--dead' : undefined}>
                        <td>
                          <time dateTime={delivery.createdAt}>{formatDateTime(delivery.createdAt)}</time>
                          {delivery.redeliveryOf && <span className="small muted"> (sent again)</span>}
                        </td>
                        <td className="mono">{delivery.eventType}</td>
                        <td>
                          <DeliveryStatusBadge status={delivery.status} />
                          {delivery.status === 'PENDING' && delivery.nextAttemptAt && (
                            <span className="small muted">
                              {' '}
                              next <time dateTime={delivery.nextAttemptAt}>{formatDateTime(delivery.nextAttemptAt)}</time>
                            </span>
                          )}
                          {delivery.status === 'DEAD' && <span className="small"> gave up</span>}
                        </td>
                        <td>{delivery.attempts}</td>
                        <td className="nowrap">{delivery.attempts === 0 ? '—' : answer(delivery.lastStatusCode)}</td>
                        <td className="mono small break">{delivery.lastError ?? '—'}</td>
                        <td className="nowrap">
                          <button
                            type="button"
                            className="button button--small"
                            aria-expanded={expanded}
                            aria-controls={detailId}
                            aria-label={`${expanded ? 'Hide' : 'Show'} attempts of ${delivery.eventType} delivery ${delivery.id}`}
                            onClick={() => toggle(delivery.id)}
                          >
                            {expanded ? 'Hide attempts' : 'Attempts'}
                          </button>{' '}
                          {delivery.status !== 'PENDING' && (
                            <button
                              type="button"
                              className="button button--small"
                              disabled={busy !== null}
                              aria-label={`Redeliver ${delivery.eventType} delivery ${delivery.id}`}
                              onClick={() => sendAgain(delivery)}
                            >
                              {busy === delivery.id ? 'Sending…' : 'Redeliver'}
                            </button>
                          )}
                        </td>
                      </tr>
                      {expanded && (
                        <tr className="table__detail" id={detailId}>
                          <td colSpan={7}>
                            <p className="small">
                              Delivery <span className="mono">{delivery.id}</span> of event <span className="mono">{delivery.eventId}</span>
                              {delivery.redeliveryOf && (
                                <>
                                  , sent again from <span className="mono">{delivery.redeliveryOf}</span>
                                </>
                              )}
                              {delivery.finishedAt && (
                                <>
                                  ; finished <time dateTime={delivery.finishedAt}>{formatDateTime(delivery.finishedAt)}</time>
                                </>
                              )}
                              .
                            </p>
                            <AttemptsTable delivery={delivery} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </PagedResults>
    </>
  );
}

function EndpointDetails({ endpoint }: { endpoint: WebhookEndpoint }) {
  return (
    <dl className="details">
      <Detail term="URL">
        <span className="mono break">{endpoint.url}</span>
      </Detail>
      <Detail term="Status">
        {endpoint.enabled ? <span className="badge badge--ok">enabled</span> : <span className="badge badge--neutral">disabled: no new deliveries</span>}
      </Detail>
      <Detail term="Events">
        <EventChips events={endpoint.events} />
      </Detail>
      <Detail term="Secret">
        <span className="badge badge--ok">set</span> <span className="small muted">write-only; replace it under Edit</span>
      </Detail>
      <Detail term="Deliveries">
        <DeliveryCounts endpoint={endpoint} />
      </Detail>
      <Detail term="Created">
        <time dateTime={endpoint.createdAt}>{formatDateTime(endpoint.createdAt)}</time> by {endpoint.createdBy}; changed{' '}
        <time dateTime={endpoint.updatedAt}>{formatDateTime(endpoint.updatedAt)}</time>
      </Detail>
    </dl>
  );
}

export function WebhookDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const flash = useFlash();
  const load = useCallback((signal: AbortSignal) => getWebhook(id, signal), [id]);
  const endpoint = useAsync(load);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<WebhookDelivery | null>(null);
  const [testError, setTestError] = useState<ApiError | null>(null);
  const [logToken, setLogToken] = useState(0);
  useDocumentTitle(endpoint.data ? `Webhook ${endpoint.data.name}` : 'Webhook');

  if (endpoint.error && !endpoint.data) {
    return (
      <>
        <PageHeader title="Webhook" back={webhooksBack} />
        <ErrorMessage
          error={endpoint.error}
          title={endpoint.error.isNotFound ? 'This webhook does not exist' : 'Could not load the webhook'}
          onRetry={endpoint.error.isNotFound ? undefined : endpoint.reload}
        />
      </>
    );
  }
  if (!endpoint.data) return <Loading label="Loading webhook…" />;
  const current = endpoint.data;

  const sendTest = async () => {
    setTesting(true);
    setTestError(null);
    setTestResult(null);
    try {
      setTestResult(await testWebhook(current.id));
      setLogToken((n) => n + 1);
      endpoint.reload();
    } catch (failure) {
      setTestError(toApiError(failure));
    } finally {
      setTesting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={`Webhook ${current.name}`}
        back={webhooksBack}
        actions={
          <>
            <button type="button" className="button button--primary" onClick={sendTest} disabled={testing}>
              {testing ? 'Sending test…' : 'Send test'}
            </button>
            <Link to={`${webhookPath(current.id)}/edit`} className="button">
              Edit
            </Link>
            <DeleteButton
              title={`Delete the webhook “${current.name}”?`}
              description={`Bootwarden stops sending events to ${current.url} and deletes its delivery log; pending deliveries are not sent. This cannot be undone.`}
              confirmLabel="Delete webhook"
              onDelete={() => deleteWebhook(current.id)}
              onDeleted={() => navigate(WEBHOOKS, { state: { flash: `Webhook ${current.name} deleted with its delivery log.` } })}
            />
          </>
        }
      />
      {flash && <Notice kind="success">{flash}</Notice>}
      {testing && <Loading label="Sending a webhook.test event…" />}
      {testError && <ErrorMessage error={testError} title="The test could not be sent" />}
      {testResult && <TestResult delivery={testResult} />}
      <section className="page-section" aria-labelledby="webhook-settings-heading">
        <h2 id="webhook-settings-heading">Settings</h2>
        <EndpointDetails endpoint={current} />
      </section>
      <section className="page-section" aria-labelledby="webhook-log-heading">
        <h2 id="webhook-log-heading">Delivery log</h2>
        <DeliveryLog endpointId={current.id} refreshToken={logToken} onRedelivered={endpoint.reload} />
      </section>
    </>
  );
}
