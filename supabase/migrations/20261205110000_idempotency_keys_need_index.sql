-- Every foreign key's columns lead an index on the referencing table (tests/db/schema-rules.ts).
-- private.idempotency_keys.need_id had none: deleting a need (on delete cascade) scanned the whole
-- table of idempotency keys to find the rows to remove.
create index idempotency_keys_need_idx on private.idempotency_keys (need_id);
