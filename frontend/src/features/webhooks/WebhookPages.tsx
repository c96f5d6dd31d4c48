import { useCallback } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { PageHeader } from '../../shared/layout/PageHeader';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { createWebhook, getWebhook, listWebhooks, updateWebhook, type LastDelivery, type WebhookEndpoint, type WebhookInput } from './api';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';
import { WebhookForm } from './WebhookForm';
import { ALL_EVENTS, emptyWebhookForm, webhookToForm } from './webhookForm';

export const WEBHOOKS = '/admin/webhooks';
export const webhookPath = (id: string) => `${WEBHOOKS}/${encodeURIComponent(id)}`;
export const webhooksBack = { to: WEBHOOKS, label: 'Webhooks' };

export function useFlash(): string | null {
  return (useLocation().state as { flash?: string } | null)?.flash ?? null;
}

/** The subscribed events as chips; `*` reads "all events". */
export function EventChips({ events }: { events: string[] }) {
  if (events.includes(ALL_EVENTS)) return <span className="chip">all events</span>;
  return (
    <>
      {events.map((event) => (
        <span key={event} className="chip mono">
          {event}
        </span>
      ))}
    </>
  );
}

/** Pending, delivered and dead counts; dead ones stand out. */
export function DeliveryCounts({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { pending, delivered, dead } = endpoint.deliveries;
  return (
    <span className="nowrap">
      {delivered} delivered · {pending} pending ·{' '}
      {dead > 0 ? <span className="badge badge--error">{dead} dead</span> : <span>0 dead</span>}
    </span>
  );
}

/** The newest delivery of an endpoint (the list carries it). */
function LastDeliveryCell({ delivery }: { delivery: LastDelivery | null }) {
  if (!delivery) return <span className="muted">none yet</span>;
  return (
    <>
      <DeliveryStatusBadge status={delivery.status} />{' '}
      <span className="small">
        <span className="mono">{delivery.eventType}</span>
        {delivery.lastStatusCode !== null && <> · HTTP {delivery.lastStatusCode}</>}
        <br />
        <time dateTime={delivery.createdAt}>{formatDateTime(delivery.createdAt)}</time>
      </span>
    </>
  );
}

export function WebhooksPage() {
  useDocumentTitle('Webhooks');
  const webhooks = useAsync(listWebhooks);
  const flash = useFlash();
  return (
    <>
      <PageHeader
        title="Webhooks"
        actions={
          <Link to={`${WEBHOOKS}/new`} className="button button--primary">
            New webhook
          </Link>
        }
      >
        <p className="muted">
          Bootwarden POSTs a signed JSON document to these URLs when tickets and installs move on, and retries until the receiver answers 2xx.
        </p>
      </PageHeader>
      {flash && <Notice kind="success">{flash}</Notice>}
      {webhooks.error && <ErrorMessage error={webhooks.error} title="Could not load the webhooks" onRetry={webhooks.reload} />}
      {!webhooks.data && !webhooks.error && <Loading label="Loading webhooks…" />}
      {webhooks.data && webhooks.data.length === 0 && (
        <EmptyState title="No webhook endpoints yet">
          <p>
            <Link to={`${WEBHOOKS}/new`}>Add the first one</Link> to tell another system (Salt, Ansible, a chat bot) about installs.
          </p>
        </EmptyState>
      )}
      {webhooks.data && webhooks.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Webhook endpoints</caption>
            <thead>
              <tr>
                <th scope="col">Name and URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">Last delivery</th>
                <th scope="col">Deliveries</th>
              </tr>
            </thead>
            <tbody>
              {webhooks.data.map((endpoint) => (
                <tr key={endpoint.id}>
                  <td>
                    <Link to={webhookPath(endpoint.id)} className="strong-link">
                      {endpoint.name}
                    </Link>
                    <br />
                    <span className="mono small muted break">{endpoint.url}</span>
                  </td>
                  <td>
                    <EventChips events={endpoint.events} />
                  </td>
                  <td>{endpoint.enabled ? <span className="badge badge--ok">enabled</span> : <span className="badge badge--neutral">disabled</span>}</td>
                  <td>
                    <LastDeliveryCell delivery={endpoint.lastDelivery} />
                  </td>
                  <td>
                    <DeliveryCounts endpoint={endpoint} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function WebhookCreatePage() {
  useDocumentTitle('New webhook');
  const navigate = useNavigate();
  const save = async (input: WebhookInput) => {
    const created = await createWebhook(input);
    navigate(webhookPath(created.id), { state: { flash: `Webhook ${created.name} created. Send a test to check that the receiver accepts it.` } });
  };
  return (
    <>
      <PageHeader title="New webhook" back={webhooksBack} />
      <WebhookForm mode="create" initial={emptyWebhookForm()} submitLabel="Create webhook" onSubmit={save} onCancel={() => navigate(WEBHOOKS)} />
    </>
  );
}

export function WebhookEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const load = useCallback((signal: AbortSignal) => getWebhook(id, signal), [id]);
  const endpoint = useAsync(load);
  useDocumentTitle(endpoint.data ? `Edit webhook ${endpoint.data.name}` : 'Edit webhook');

  if (endpoint.error && !endpoint.data) {
    return (
      <>
        <PageHeader title="Edit webhook" back={webhooksBack} />
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
  const save = async (input: WebhookInput) => {
    const saved = await updateWebhook(current.id, input);
    navigate(webhookPath(saved.id), { state: { flash: `Changes to ${saved.name} saved${input.secret ? ' (new secret)' : ''}.` } });
  };
  return (
    <>
      <PageHeader title={`Edit webhook ${current.name}`} back={{ to: webhookPath(current.id), label: current.name }} />
      <WebhookForm mode="edit" initial={webhookToForm(current)} submitLabel="Save changes" onSubmit={save} onCancel={() => navigate(webhookPath(current.id))} />
    </>
  );
}
