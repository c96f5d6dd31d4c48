-- Directory groups -> roles, kept by admins at /api/role-mappings (besides the ones in the
-- configuration). group_ref is a group's DN or its name as entered; group_key is its normalised
-- form (lower case, DN without spaces around separators) for matching and uniqueness; source is
-- the name of a directory login source, or '*' for every directory source. roles: comma-separated.
create table role_mapping (
    id         varchar(36)  not null,
    group_ref  varchar(500) not null,
    group_key  varchar(500) not null,
    source     varchar(64)  not null,
    roles      varchar(200) not null,
    created_at bigint       not null,
    updated_at bigint       not null,
    constraint pk_role_mapping primary key (id),
    constraint uq_role_mapping unique (source, group_key)
);

-- Failed logins per user name (subject_kind 'user') and per source address ('address'), shared by
-- every replica: failures counted since window_start; locked_until set when a limit is reached.
create table login_throttle (
    subject_kind varchar(8)   not null,
    subject      varchar(200) not null,
    window_start bigint       not null,
    failures     integer      not null,
    locked_until bigint,
    constraint pk_login_throttle primary key (subject_kind, subject)
);
