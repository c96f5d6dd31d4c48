import { useCallback } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../shared/layout/PageHeader';
import { ErrorMessage, Loading } from '../../shared/ui/States';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { getHost, listHosts } from '../hosts/api';
import { useProfileNames } from '../hosts/hooks';
import { createTicket, type TicketInput } from './api';
import { ticketPath } from './OpenTicketLink';
import { statusLabel } from './status';
import { TicketForm } from './TicketForm';
import { emptyTicketForm } from './ticketForm';

/** The hosts to choose from, by name; the one given in the URL is included even beyond the first page. */
function useHostChoices(preselected: string) {
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [page, host] = await Promise.all([
        listHosts({ page: 0, size: 500, sort: 'hostname,asc' }, signal),
        preselected ? getHost(preselected, signal) : Promise.resolve(null),
      ]);
      const hosts = page.items;
      return host && !hosts.some((candidate) => String(candidate.id) === String(host.id)) ? [host, ...hosts] : hosts;
    },
    [preselected],
  );
  return useAsync(load);
}

/** "Request reinstall": files a ticket that waits for someone else's approval. */
export function NewTicketPage() {
  useDocumentTitle('Request reinstall');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const preselected = params.get('hostId') ?? '';
  const hosts = useHostChoices(preselected);
  const profiles = useProfileNames();
  const back = preselected ? `/hosts/${encodeURIComponent(preselected)}` : '/tickets';

  const save = async (input: TicketInput) => {
    const ticket = await createTicket(input);
    navigate(ticketPath(ticket.id), {
      state: { flash: `Ticket ${ticket.id} filed for ${ticket.hostname}: ${statusLabel(ticket.status).toLowerCase()}.` },
    });
  };

  return (
    <>
      <PageHeader title="Request reinstall" back={preselected ? { to: back, label: 'Host' } : { to: '/tickets', label: 'Tickets' }}>
        <p className="muted">
          The host's disk is overwritten with the chosen profile after someone else approves the ticket. You can cancel it
          until the host first boots its installer.
        </p>
      </PageHeader>
      {hosts.error && <ErrorMessage error={hosts.error} title="Could not load hosts" onRetry={hosts.reload} />}
      {profiles.error && <ErrorMessage error={profiles.error} title="Could not load profiles" onRetry={profiles.reload} />}
      {!hosts.data && !hosts.error && <Loading label="Loading hosts…" />}
      {hosts.data && (
        <TicketForm
          initial={emptyTicketForm(preselected)}
          hosts={hosts.data}
          profileNames={profiles.data ?? []}
          onSubmit={save}
          onCancel={() => navigate(back)}
        />
      )}
    </>
  );
}
