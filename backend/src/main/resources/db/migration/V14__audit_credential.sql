-- Which credential an action was taken with, besides who took it: "token:<id>" for an API token
-- (the actor stays the token's owner), null for a console session, basic authentication and the
-- system's own actions. Records sealed before this column existed keep their hashes: the chain
-- hashes the column only when it is set.
alter table audit_event add credential varchar(64);
