import { api, seg, type Page } from '../../app/api';
import { changingTasks } from '../../shared/utils/tasksChanged';

export type TicketStatus =
  | 'PENDING_APPROVAL'
  | 'BUILDING_ISO'
  | 'ISO_BUILD_FAILED'
  | 'WAITING_FOR_WINDOW'
  | 'ARMED'
  | 'INSTALLING'
  | 'HELD'
  | 'COMPLETED'
  | 'REJECTED'
  | 'EXPIRED'
  | 'CANCELLED'
  | 'ABORTED';

export type TicketKind = 'PROVISION' | 'REIMAGE' | 'EMERGENCY';

export interface Ticket {
  id: string;
  kind: TicketKind;
  hostId: string;
  hostname: string;
  profile: string;
  reason: string;
  /** Who filed it; for an emergency arm the operator. */
  requester: string;
  /** Earliest time the host may be armed; null: at once. */
  windowStart: string | null;
  /** Whether the host's image had to be (re)built first. */
  needsIso: boolean;
  status: TicketStatus;
  statusReason: string | null;
  /** The approver (or admin) who approved or rejected it. */
  decidedBy: string | null;
  decisionComment: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** A human task of a ticket's workflow, as the caller sees it. */
export interface Task {
  id: string;
  /** The model's task id, e.g. `UserTask_Approve`. */
  key: string;
  name: string;
  candidateGroup: string;
  assignee: string | null;
  createdAt: string | null;
  /** What `complete` accepts as `outcome` (approve/reject, retry/abort). */
  outcomes: string[];
  /** Why the task exists (the ticket's reason, the ISO build error, the install failure). */
  details: string | null;
  /** Whether the caller may claim and decide it. */
  allowed: boolean;
  /** Why not (four-eyes rule, wrong group, claimed by someone else). */
  notAllowed: string | null;
  ticket: Ticket;
}

export interface TimelineEntry {
  at: string;
  /** `audit` (Bootwarden's audit log) or `workflow` (the engine's history). */
  source: 'audit' | 'workflow';
  actor: string | null;
  sourceAddress: string | null;
  action: string;
  summary: string | null;
}

export interface TicketDetail {
  ticket: Ticket;
  tasks: Task[];
  timeline: TimelineEntry[];
}

export interface TicketQuery {
  mine?: boolean;
  /** Comma-separated statuses. */
  status?: string;
  /** true: open only, false: closed only, undefined: any. */
  open?: boolean;
  hostId?: string;
  /** Ticket id or hostname. */
  q?: string;
  page: number;
  size: number;
}

export interface TicketInput {
  hostId: string;
  /** Empty: the host's profile. */
  profile?: string;
  reason: string;
  /** ISO-8601 with offset. */
  windowStart?: string;
}

export type TaskScope = 'group' | 'mine';

export function listTickets(query: TicketQuery, signal?: AbortSignal): Promise<Page<Ticket>> {
  return api.get<Page<Ticket>>('/api/tickets', { ...query }, signal);
}

export function getTicket(id: string, signal?: AbortSignal): Promise<TicketDetail> {
  return api.get<TicketDetail>(`/api/tickets/${seg(id)}`, undefined, signal);
}

export function createTicket(input: TicketInput): Promise<Ticket> {
  return changingTasks(api.post<Ticket>('/api/tickets', input));
}

/** Possible until the host's first boot; the comment is mandatory. */
export function cancelTicket(id: string, comment: string): Promise<Ticket> {
  return changingTasks(api.post<Ticket>(`/api/tickets/${seg(id)}/cancel`, { comment }));
}

export function listTasks(scope: TaskScope, page: number, size: number, signal?: AbortSignal): Promise<Page<Task>> {
  return api.get<Page<Task>>('/api/tasks', { scope, page, size }, signal);
}

export function claimTask(id: string): Promise<Task> {
  return changingTasks(api.post<Task>(`/api/tasks/${seg(id)}/claim`));
}

export function unclaimTask(id: string): Promise<Task> {
  return changingTasks(api.post<Task>(`/api/tasks/${seg(id)}/unclaim`));
}

/** Decides the task; answers the ticket as the workflow left it. */
export function completeTask(id: string, outcome: string, comment: string): Promise<Ticket> {
  return changingTasks(api.post<Ticket>(`/api/tasks/${seg(id)}/complete`, { outcome, comment }));
}

/** The BPMN model a ticket's workflow runs on, and where it stands. */
export interface TicketDiagram {
  ticketId: string;
  processVersion: number;
  bpmnXml: string;
  /** Ids of the steps it waits at now. */
  active: string[];
  /** Ids of the steps it has passed. */
  completed: string[];
}

export function getTicketDiagram(id: string, signal?: AbortSignal): Promise<TicketDiagram> {
  return api.get<TicketDiagram>(`/api/tickets/${seg(id)}/diagram`, undefined, signal);
}
