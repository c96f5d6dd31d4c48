import { Link } from 'react-router-dom';

export function ticketPath(id: string): string {
  return `/tickets/${encodeURIComponent(id)}`;
}

/** A host's open ticket as a link, or a dash when it has none. */
export function OpenTicketLink({ ticketId }: { ticketId: string | null | undefined }) {
  if (!ticketId) return <span className="muted">—</span>;
  return (
    <Link to={ticketPath(ticketId)} className="chip chip--link" title={`Open ticket ${ticketId}`}>
      {ticketId}
    </Link>
  );
}
