-- Tickets: one row per reimage / provisioning request (and per emergency arm), the
-- projection of one provisionHost process instance (business key = ticket.id).
-- Times are microseconds since the epoch (bigint), as in V1.

create table ticket (
    id                  varchar(20)   not null,
    kind                varchar(12)   not null,
    host_id             varchar(36)   not null,
    hostname            varchar(253)  not null,
    profile             varchar(64)   not null,
    reason              varchar(500)  not null,
    requester           varchar(64)   not null,
    window_start        bigint,
    needs_iso           smallint      not null,
    status              varchar(20)   not null,
    status_reason       varchar(1000),
    process_instance_id varchar(64),
    decided_by          varchar(64),
    decision_comment    varchar(1000),
    decided_at          bigint,
    created_at          bigint        not null,
    updated_at          bigint        not null,
    closed_at           bigint,
    constraint pk_ticket primary key (id)
);
create index ix_ticket_host on ticket (host_id, created_at);
create index ix_ticket_status on ticket (status, created_at);
create index ix_ticket_requester on ticket (requester, created_at);
create index ix_ticket_created on ticket (created_at);
create index ix_ticket_process on ticket (process_instance_id);

-- At most one open ticket per host: set with a conditional update (where open_ticket_id is
-- null), cleared when the ticket closes. The boot endpoint reads it with the boot state, so
-- correlating the install messages needs no extra query.
alter table host add open_ticket_id varchar(20);
