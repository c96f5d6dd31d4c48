-- API tokens for automation (docs/security.md "API tokens"). A token is "bw_" + id + "_" + a
-- 256-bit random secret; only the SHA-256 of the whole token is kept (secret_hash, hex), so the
-- token is found by id and checked by one hash compare. owner/owner_source: who created it
-- ('local' or a directory source's name). roles: what the token was given (comma-separated, a
-- subset of the owner's roles then); owner_roles: the owner's roles as last known: for directory
-- owners the cap at use (refreshed at each of their logins), for local owners informational (their
-- current row in app_user is the cap). Instants are bigint microseconds (see V1).
create table api_token (
    id             varchar(16)  not null,
    owner          varchar(256) not null,
    owner_source   varchar(64)  not null,
    name           varchar(100) not null,
    roles          varchar(200) not null,
    owner_roles    varchar(200) not null,
    secret_hash    varchar(64)  not null,
    created_at     bigint       not null,
    expires_at     bigint       not null,
    last_used_at   bigint,
    last_used_from varchar(64),
    revoked_at     bigint,
    revoked_by     varchar(256),
    constraint pk_api_token primary key (id)
);
create index ix_api_token_owner on api_token (owner, owner_source);
