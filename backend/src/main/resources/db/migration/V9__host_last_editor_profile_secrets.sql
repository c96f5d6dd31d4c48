-- Who made the host record's last change (created it, edited it, imported it from a CSV, rotated its
-- boot token), and when: the separation-of-duties rule keeps that person from approving the host's
-- tickets (bootwarden.tickets.approver-not-last-editor, docs/security.md). Boot-state changes by
-- machines and the workflow are not edits.
alter table host add edited_by varchar(200);
alter table host add edited_at bigint;

-- Hosts of an earlier release: the last such change recorded in the audit log, where there is one
-- (null otherwise: not known, the rule has no one to refuse).
update host set edited_at = (select max(a.occurred_at) from audit_event a
    where a.target_type = 'host' and a.target_id = host.id
      and a.action in ('host.created', 'host.updated', 'host.token-rotated'));
update host set edited_by = (select max(a.actor) from audit_event a
    where a.target_type = 'host' and a.target_id = host.id
      and a.action in ('host.created', 'host.updated', 'host.token-rotated')
      and a.occurred_at = host.edited_at)
  where edited_at is not null;

-- A profile's secrets (root password hash, domain-join credentials): JSON of name -> the value
-- encrypted with AES-256-GCM under a key kept outside the database (v1:<key id>:<base64>), or
-- null for a secret declared without a value. Never plaintext (docs/security.md).
alter table os_profile add secrets text;
