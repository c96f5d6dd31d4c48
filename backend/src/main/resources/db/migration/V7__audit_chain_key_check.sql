-- Which key seals the audit chain: HMAC of a fixed text with the chain's key (derived from the
-- server secret). A replica whose secret differs (BOOTWARDEN_TOKEN_SECRET not the same everywhere)
-- finds a different value here and refuses to seal, instead of writing links no other replica can verify.
alter table audit_chain_head add key_check varchar(64);
