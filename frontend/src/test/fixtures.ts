import type { Page } from '../app/api';
import type { CurrentUser } from '../app/auth';
import type { AuditEntry } from '../features/audit/api';
import type { Host } from '../features/hosts/api';
import type { BatchJob } from '../features/isobuilder/api';
import type { Profile } from '../features/profiles/api';
import type { RoleMapping } from '../features/rolemappings/api';
import type { Settings } from '../features/settings/api';
import type { Task, Ticket, TicketDetail, TicketDiagram, TimelineEntry } from '../features/tickets/api';
import type { ApiToken } from '../features/tokens/api';
import type { LocalUser } from '../features/users/api';

export const admin = (): CurrentUser => ({ username: 'ada', roles: ['ADMIN'] });
export const editor = (): CurrentUser => ({ username: 'eddie', roles: ['EDITOR'] });
export const operator = (): CurrentUser => ({ username: 'otto', roles: ['OPERATOR'] });
export const auditor = (): CurrentUser => ({ username: 'audrey', roles: ['AUDITOR'] });
export const requester = (): CurrentUser => ({ username: 'rita', roles: ['REQUESTER'] });
export const approver = (): CurrentUser => ({ username: 'april', roles: ['APPROVER'] });

export function aHost(overrides: Partial<Host> = {}): Host {
  return {
    id: 7,
    hostname: 'web-01',
    macs: ['52:54:00:12:34:56'],
    ip: '10.0.0.21',
    prefixLength: 24,
    gateway: '10.0.0.1',
    dns: ['10.0.0.2'],
    vlan: null,
    firmware: 'uefi',
    nicDriver: 'snponly',
    architecture: 'x86_64',
    profile: 'debian-12',
    labels: { rack: 'r12' },
    bootState: 'LOCAL',
    stateReason: null,
    stateChangedAt: '2025-01-10T08:00:00Z',
    installBoots: 0,
    lastInstallAt: null,
    openTicketId: null,
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-10T08:00:00Z',
    version: 3,
    ...overrides,
  };
}

export function aProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    name: 'debian-12',
    description: 'Debian 12 base',
    kind: 'debian-preseed',
    kernelUrl: 'http://mirror/debian/linux',
    initrdUrls: ['http://mirror/debian/initrd.gz'],
    kernelArgs: 'auto=true priority=critical',
    isoUrl: null,
    ipxeScript: null,
    answerTemplate: 'd-i netcfg/get_hostname string {{hostname}}',
    variables: { mirror: 'deb.debian.org' },
    reinstallOnReboot: false,
    maxInstallBoots: 3,
    version: 1,
    updatedAt: '2025-01-01T10:00:00Z',
    ...overrides,
  };
}

export function anAuditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 1,
    occurredAt: '2025-01-10T08:00:00Z',
    actor: 'otto',
    sourceAddress: '192.0.2.10',
    action: 'HOST_ARMED',
    targetType: 'host',
    targetId: '7',
    summary: 'Armed for reinstall',
    before: { bootState: 'LOCAL', hostname: 'web-01' },
    after: { bootState: 'ARMED', hostname: 'web-01' },
    ...overrides,
  };
}

export function pageOf<T>(items: T[], overrides: Partial<Page<T>> = {}): Page<T> {
  return { items, page: 0, size: 50, totalItems: items.length, totalPages: items.length ? 1 : 0, ...overrides };
}

export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 'T-7K2M9QXA',
    kind: 'REIMAGE',
    hostId: '7',
    hostname: 'web-01',
    profile: 'debian-12',
    reason: 'reimage after disk swap (CHG-1234)',
    requester: 'rita',
    windowStart: null,
    needsIso: false,
    status: 'PENDING_APPROVAL',
    statusReason: 'waiting for an approver',
    decidedBy: null,
    decisionComment: null,
    decidedAt: null,
    createdAt: '2025-01-10T08:00:00Z',
    updatedAt: '2025-01-10T08:00:00Z',
    closedAt: null,
    ...overrides,
  };
}

export function aTask(overrides: Partial<Task> = {}): Task {
  return {
    id: 'task-1',
    key: 'UserTask_Approve',
    name: 'Approve ticket',
    candidateGroup: 'approvers',
    assignee: null,
    createdAt: '2025-01-10T08:00:01Z',
    outcomes: ['approve', 'reject'],
    details: 'reimage after disk swap (CHG-1234)',
    allowed: true,
    notAllowed: null,
    ticket: aTicket(),
    ...overrides,
  };
}

export function aTimelineEntry(overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    at: '2025-01-10T08:00:00Z',
    source: 'audit',
    actor: 'rita',
    sourceAddress: '192.0.2.10',
    action: 'ticket.submitted',
    summary: 'rita requested reinstall of host web-01 with profile debian-12: reimage after disk swap (CHG-1234)',
    ...overrides,
  };
}

export function aTicketDetail(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return { ticket: aTicket(), tasks: [], timeline: [aTimelineEntry()], ...overrides };
}

export function aLocalUser(overrides: Partial<LocalUser> = {}): LocalUser {
  return {
    username: 'bob',
    displayName: 'Bob Approver',
    roles: ['APPROVER'],
    enabled: true,
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-02T10:00:00Z',
    ...overrides,
  };
}

export function aTicketDiagram(overrides: Partial<TicketDiagram> = {}): TicketDiagram {
  return {
    ticketId: 'T-7K2M9QXA',
    processVersion: 1,
    bpmnXml:
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="provisionHost">' +
      '<bpmn:startEvent id="StartEvent_TicketSubmitted" name="Ticket submitted"/>' +
      '<bpmn:userTask id="UserTask_Approve" name="Approve ticket"/>' +
      '<bpmn:receiveTask id="Receive_FirstBoot" name="Wait for first boot"/>' +
      '</bpmn:process></bpmn:definitions>',
    active: ['Receive_FirstBoot'],
    completed: ['StartEvent_TicketSubmitted', 'UserTask_Approve'],
    ...overrides,
  };
}

export function anApiToken(overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: '3f9a61c07be24d18',
    prefix: 'bw_3f9a61c07be24d18_',
    name: 'inventory sync',
    owner: 'eddie',
    ownerSource: 'local',
    roles: ['EDITOR'],
    effectiveRoles: ['EDITOR'],
    createdAt: '2025-01-01T10:00:00Z',
    expiresAt: '2099-01-31T10:00:00Z',
    lastUsedAt: '2025-01-10T08:00:00Z',
    lastUsedFrom: '192.0.2.40',
    revokedAt: null,
    revokedBy: null,
    status: 'ACTIVE',
    ...overrides,
  };
}

export function aBatchJob(overrides: Partial<BatchJob> = {}): BatchJob {
  return {
    id: 'job-1',
    kind: 'SELECTION',
    status: 'RUNNING',
    description: 'selection subnet=10.0.0.0/24: 10 hosts',
    compression: 'deflate',
    total: 10,
    done: 3,
    failed: 0,
    requester: 'otto',
    createdAt: '2025-01-10T08:00:00Z',
    startedAt: '2025-01-10T08:00:01Z',
    finishedAt: null,
    cancelRequested: false,
    error: null,
    zip: null,
    ...overrides,
  };
}

export function aDoneBatchJob(overrides: Partial<BatchJob> = {}): BatchJob {
  return aBatchJob({
    status: 'DONE',
    done: 10,
    finishedAt: '2025-01-10T08:00:09Z',
    zip: { fileName: 'bootwarden-batch-job-1.zip', size: 3_250_000, sha256: 'ab'.repeat(32), url: '/api/batches/job-1/zip' },
    ...overrides,
  });
}

export function aRoleMapping(overrides: Partial<RoleMapping> = {}): RoleMapping {
  return {
    id: '5b0c7d1e-0000-4000-8000-000000000001',
    group: 'CN=Ops,OU=Groups,DC=corp,DC=example,DC=test',
    roles: ['OPERATOR'],
    source: '*',
    origin: 'api',
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-02T10:00:00Z',
    ...overrides,
  };
}

export function someSettings(): Settings {
  return {
    readAt: '2025-01-10T08:00:00Z',
    groups: [
      {
        id: 'server',
        title: 'Server',
        items: [
          {
            id: 'bootwarden.public-urls',
            label: 'Public URLs (baked into every boot image, tried in order)',
            value: ['http://192.0.2.10:8080', 'http://boot.example:8080'],
            secret: false,
            property: 'bootwarden.public-urls',
            env: 'BOOTWARDEN_PUBLIC_URL',
            source: 'environment',
            origin: 'environment variable BOOTWARDEN_PUBLIC_URL',
          },
          {
            id: 'bootwarden.token-secret',
            label: 'Boot-token secret',
            value: 'set (not shown)',
            secret: true,
            property: 'bootwarden.token-secret',
            env: 'BOOTWARDEN_TOKEN_SECRET',
            source: 'environment',
            origin: 'environment variable BOOTWARDEN_TOKEN_SECRET',
          },
        ],
      },
      {
        id: 'tickets',
        title: 'Ticket timeouts',
        items: [
          {
            id: 'bootwarden.tickets.install-timeout',
            label: 'Install must call back within',
            value: 'PT2H',
            secret: false,
            property: 'bootwarden.tickets.install-timeout',
            env: 'BOOTWARDEN_INSTALL_TIMEOUT',
            source: 'default',
            origin: "default in Bootwarden's application.yml",
          },
        ],
      },
      {
        id: 'login-source-0',
        title: 'Login source 1: local',
        items: [
          { id: 'bootwarden.auth.sources[0].type', label: 'Type', value: 'local', secret: false, property: 'bootwarden.auth.sources[0].type', env: 'BOOTWARDEN_AUTH_SOURCES_0_TYPE', source: 'default', origin: 'not set: built-in default' },
          { id: 'bootwarden.auth.sources[0].name', label: 'Name', value: 'local', secret: false, property: 'bootwarden.auth.sources[0].name', env: 'BOOTWARDEN_AUTH_SOURCES_0_NAME', source: 'default', origin: 'not set: built-in default' },
        ],
      },
      {
        id: 'login-source-1',
        title: 'Login source 2: corp-ad',
        items: [
          { id: 'bootwarden.auth.sources[1].type', label: 'Type', value: 'ad', secret: false, property: 'bootwarden.auth.sources[1].type', env: 'BOOTWARDEN_AUTH_SOURCES_1_TYPE', source: 'environment', origin: 'System Environment Property "BOOTWARDEN_AUTH_SOURCES_1_TYPE"' },
          { id: 'bootwarden.auth.sources[1].name', label: 'Name', value: 'corp-ad', secret: false, property: 'bootwarden.auth.sources[1].name', env: 'BOOTWARDEN_AUTH_SOURCES_1_NAME', source: 'environment', origin: 'System Environment Property "BOOTWARDEN_AUTH_SOURCES_1_NAME"' },
          { id: 'bootwarden.auth.sources[1].bind-password', label: 'Bind password', value: 'not set', secret: true, property: 'bootwarden.auth.sources[1].bind-password', env: 'BOOTWARDEN_AUTH_SOURCES_1_BIND_PASSWORD', source: 'default', origin: 'not set' },
        ],
      },
      {
        id: 'build',
        title: 'Version',
        items: [
          { id: 'detected.version', label: 'Bootwarden version', value: '0.1.0-SNAPSHOT', secret: false, property: null, env: null, source: 'detected', origin: 'found at run time' },
        ],
      },
    ],
  };
}
