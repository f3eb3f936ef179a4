import { Alert, Anchor, Badge, List } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { listEscalated, type Ticket } from './api';

/** EscalatedBadge marks an escalated ticket. */
export const EscalatedBadge = () => (
  <Badge color="red" variant="filled" style={{ minWidth: 'max-content' }}>
    Escalated
  </Badge>
);

/** unfinished keeps the escalated tickets support still has to act on. */
export function unfinished(tickets: readonly Ticket[]): Ticket[] {
  return tickets.filter((ticket) => ticket.status !== 'resolved' && ticket.status !== 'closed');
}

/**
 * EscalatedAlert tells support managers (the operator dashboard) which escalated tickets are
 * still unfinished, refreshed every 30 seconds; it shows nothing when there are none.
 */
export function EscalatedAlert() {
  const escalated = useQuery({ queryKey: ['support', 'escalated'], queryFn: listEscalated, refetchInterval: 30_000 });
  const open = unfinished(escalated.data?.tickets ?? []);
  if (open.length === 0) return null;
  return (
    <Alert color="orange" title={open.length === 1 ? '1 escalated ticket needs attention' : `${open.length} escalated tickets need attention`} role="alert">
      <List size="sm">
        {open.map((ticket) => (
          <List.Item key={ticket.id}>
            <Anchor component={Link} to={`/operator/tickets/${ticket.id}`}>
              {ticket.subject}
            </Anchor>
            {ticket.escalation_reason ? ` — ${ticket.escalation_reason}` : ''}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
