-- Inventory feeds (docs/inventory.md): one row per configured feed, shared by every replica.
-- A server runs a feed only after claiming it with a conditional update (lease_until null or
-- past, and next_run_at due for a scheduled run), so one replica at a time fetches and imports
-- it; a lease left by a server that died expires. lease_* describe the run in progress (who, since
-- when, why), last_* the last finished run's outcome and counts; last_row_errors the first rows
-- with errors as JSON. Instants are bigint microseconds (DbTime).
create table inventory_feed (
    name             varchar(64)   not null,
    next_run_at      bigint        not null,
    lease_owner      varchar(200),
    lease_until      bigint,
    lease_since      bigint,
    lease_trigger    varchar(200),
    last_started_at  bigint,
    last_finished_at bigint,
    last_trigger     varchar(200),
    last_outcome     varchar(12),
    last_created     integer,
    last_updated     integer,
    last_unchanged   integer,
    last_skipped     integer,
    last_errors      integer,
    last_error       varchar(2000),
    last_row_errors  text,
    constraint pk_inventory_feed primary key (name)
);
