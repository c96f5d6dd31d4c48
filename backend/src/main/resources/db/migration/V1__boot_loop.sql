-- Bootwarden's own tables. Portable SQL (H2, MySQL/MariaDB, PostgreSQL, SQL Server):
-- ids are application-generated UUID strings, instants are bigint microseconds since the epoch
-- (UTC; see DbTime), booleans are smallint 0/1.

create table os_profile (
    name                varchar(64)   not null,
    description         varchar(500)  not null,
    kind                varchar(32)   not null,
    kernel_url          varchar(1000),
    initrd_urls         varchar(4000),
    kernel_args         varchar(4000),
    iso_url             varchar(1000),
    ipxe_script         text,
    answer_template     text,
    variables           text,
    reinstall_on_reboot smallint      not null,
    max_install_boots   integer       not null,
    version             integer       not null,
    created_at          bigint        not null,
    updated_at          bigint        not null,
    constraint pk_os_profile primary key (name)
);

create table host (
    id               varchar(36)   not null,
    hostname         varchar(253)  not null,
    ip               varchar(15)   not null,
    ip_number        bigint        not null,
    prefix_length    integer       not null,
    gateway          varchar(15)   not null,
    dns              varchar(255)  not null,
    vlan             integer,
    firmware         varchar(8)    not null,
    nic_driver       varchar(8)    not null,
    profile          varchar(64)   not null,
    boot_state       varchar(12)   not null,
    state_reason     varchar(500),
    state_changed_at bigint        not null,
    install_boots    integer       not null,
    last_install_at  bigint,
    token_version    integer       not null,
    version          integer       not null,
    created_at       bigint        not null,
    updated_at       bigint        not null,
    constraint pk_host primary key (id),
    constraint uq_host_hostname unique (hostname),
    constraint uq_host_ip unique (ip),
    constraint fk_host_profile foreign key (profile) references os_profile (name)
);
create index ix_host_state on host (boot_state);
create index ix_host_profile on host (profile);
create index ix_host_ip_number on host (ip_number);

create table host_mac (
    mac      varchar(17) not null,
    host_id  varchar(36) not null,
    position integer     not null,
    constraint pk_host_mac primary key (mac),
    constraint fk_host_mac_host foreign key (host_id) references host (id) on delete cascade
);
create index ix_host_mac_host on host_mac (host_id);

create table host_label (
    host_id     varchar(36)  not null,
    label_key   varchar(63)  not null,
    label_value varchar(255) not null,
    constraint pk_host_label primary key (host_id, label_key),
    constraint fk_host_label_host foreign key (host_id) references host (id) on delete cascade
);
create index ix_host_label_kv on host_label (label_key, label_value);

create table app_user (
    username      varchar(64)  not null,
    password_hash varchar(200) not null,
    display_name  varchar(200) not null,
    roles         varchar(200) not null,
    enabled       smallint     not null,
    created_at    bigint       not null,
    updated_at    bigint       not null,
    constraint pk_app_user primary key (username)
);

create table audit_event (
    id             varchar(36)  not null,
    occurred_at    bigint       not null,
    actor          varchar(200) not null,
    source_address varchar(64),
    action         varchar(64)  not null,
    target_type    varchar(32)  not null,
    target_id      varchar(64),
    summary        varchar(1000) not null,
    before_state   text,
    after_state    text,
    constraint pk_audit_event primary key (id)
);
create index ix_audit_time on audit_event (occurred_at);
create index ix_audit_target on audit_event (target_id, occurred_at);
create index ix_audit_actor on audit_event (actor, occurred_at);
create index ix_audit_action on audit_event (action, occurred_at);

create table app_setting (
    setting_key   varchar(100)  not null,
    setting_value varchar(4000) not null,
    constraint pk_app_setting primary key (setting_key)
);
