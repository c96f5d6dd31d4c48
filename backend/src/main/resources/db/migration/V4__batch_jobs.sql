-- Batch jobs (docs/batches.md): one job builds the ISOs of many hosts into one zip with a
-- manifest. The hosts of a job are fixed when it is created (batch_job_host, in order); a runner
-- on any replica claims a QUEUED job with a conditional update (status QUEUED -> RUNNING), so
-- exactly one runs it. Instants are bigint microseconds since the epoch (DbTime).
create table batch_job (
    id               varchar(36)   not null,
    kind             varchar(16)   not null,
    status           varchar(12)   not null,
    description      varchar(1000) not null,
    compression      varchar(8)    not null,
    total            integer       not null,
    done_count       integer       not null,
    failed_count     integer       not null,
    requester        varchar(64)   not null,
    created_at       bigint        not null,
    started_at       bigint,
    finished_at      bigint,
    heartbeat_at     bigint,
    cancel_requested smallint      not null,
    runner           varchar(200),
    error            varchar(1000),
    zip_path         varchar(1000),
    zip_size         bigint,
    zip_sha256       varchar(64),
    constraint pk_batch_job primary key (id)
);
create index ix_batch_job_status on batch_job (status, created_at);

create table batch_job_host (
    job_id   varchar(36)  not null,
    position integer      not null,
    host_id  varchar(36)  not null,
    hostname varchar(253) not null,
    constraint pk_batch_job_host primary key (job_id, position),
    constraint fk_batch_job_host_job foreign key (job_id) references batch_job (id) on delete cascade
);
