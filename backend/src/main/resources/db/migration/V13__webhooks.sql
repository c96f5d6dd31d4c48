-- Webhooks (docs/integrations.md). An endpoint is a URL that admins subscribe to lifecycle
-- events; its secret signs every payload and is stored encrypted with a key derived from the
-- server secret (secret_enc), never returned by the API. events: comma-separated event types, or
-- '*' for every type.
create table webhook_endpoint (
    id          varchar(36)   not null,
    name        varchar(100)  not null,
    url         varchar(2000) not null,
    secret_enc  varchar(600)  not null,
    events      varchar(1000) not null,
    enabled     smallint      not null,
    created_by  varchar(200)  not null,
    created_at  bigint        not null,
    updated_at  bigint        not null,
    constraint pk_webhook_endpoint primary key (id),
    constraint uq_webhook_endpoint_name unique (name)
);

-- The outbox: an event is written in the same transaction as the change it reports (with its
-- audit record), with the JSON body that every subscribed endpoint receives.
create table webhook_event (
    id          varchar(36)  not null,
    event_type  varchar(64)  not null,
    occurred_at bigint       not null,
    payload     text         not null,
    constraint pk_webhook_event primary key (id)
);

-- One event for one endpoint. status: PENDING (due at next_attempt_at), DELIVERED, DEAD (gave up
-- after the maximum number of attempts). A replica claims a due delivery with a conditional update
-- of lease_owner/lease_until, so only one replica sends it; a lease that runs out (the replica
-- died while sending) makes it due again. redelivery_of: the delivery an admin asked to send again.
create table webhook_delivery (
    id               varchar(36)   not null,
    endpoint_id      varchar(36)   not null,
    event_id         varchar(36)   not null,
    status           varchar(12)   not null,
    attempts         integer       not null,
    next_attempt_at  bigint        not null,
    lease_owner      varchar(200),
    lease_until      bigint,
    last_status_code integer,
    last_error       varchar(1000),
    redelivery_of    varchar(36),
    created_at       bigint        not null,
    finished_at      bigint,
    constraint pk_webhook_delivery primary key (id),
    constraint fk_webhook_delivery_endpoint foreign key (endpoint_id) references webhook_endpoint (id) on delete cascade,
    constraint fk_webhook_delivery_event foreign key (event_id) references webhook_event (id)
);
create index ix_webhook_delivery_due on webhook_delivery (status, next_attempt_at);
create index ix_webhook_delivery_endpoint on webhook_delivery (endpoint_id, created_at);
create index ix_webhook_delivery_event on webhook_delivery (event_id);

-- The delivery log: every attempt with its HTTP status (null when no response came), how long it
-- took, the error, and the replica that sent it.
create table webhook_attempt (
    id          varchar(36)   not null,
    delivery_id varchar(36)   not null,
    attempt     integer       not null,
    started_at  bigint        not null,
    duration_ms bigint        not null,
    status_code integer,
    outcome     varchar(12)   not null,
    error       varchar(1000),
    sender      varchar(200)  not null,
    constraint pk_webhook_attempt primary key (id),
    constraint fk_webhook_attempt_delivery foreign key (delivery_id) references webhook_delivery (id) on delete cascade
);
create index ix_webhook_attempt_delivery on webhook_attempt (delivery_id, attempt);
