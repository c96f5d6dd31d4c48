-- Tamper-evident audit log: every record is sealed into a hash chain shortly after it is
-- written. chain_seq is the record's place in the chain (1, 2, 3, ... without gaps), prev_hash
-- the previous record's row_hash, row_hash = HMAC-SHA256(key derived from the server secret,
-- prev_hash + the record's canonical content). audit_chain_head holds the last link; its row is
-- the lock that lets one sealer at a time extend the chain, on any replica.
alter table audit_event add chain_seq bigint;
alter table audit_event add prev_hash varchar(64);
alter table audit_event add row_hash varchar(64);
create index ix_audit_chain on audit_event (chain_seq);

create table audit_chain_head (
    id        integer     not null,
    last_seq  bigint      not null,
    last_hash varchar(64) not null,
    constraint pk_audit_chain_head primary key (id)
);
insert into audit_chain_head (id, last_seq, last_hash) values (1, 0, 'genesis');
