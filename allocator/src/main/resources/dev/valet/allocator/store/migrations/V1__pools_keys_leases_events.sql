-- Valet schema, version 1: pools, keys, leases and the audit log.

-- One row of settings per name, such as the master key check.
CREATE TABLE settings (
  name  text PRIMARY KEY,
  value bytea NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A pool shares one random keystore password and one KDF setup among its
-- keystores, so that one password file opens a whole lease's keystores and the
-- KDF runs once per pool rather than once per key.
CREATE TABLE pools (
  name                 text PRIMARY KEY,
  password_ciphertext  bytea NOT NULL,          -- AES-256-GCM under the master key
  kdf                  text NOT NULL,           -- EIP-2335 kdf section (function, params, salt) as JSON
  mnemonic_fingerprint text,                    -- public key at index 0 of the pool's mnemonic, if any
  next_index           integer NOT NULL DEFAULT 0 CHECK (next_index >= 0),
  created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE keys (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pool             text NOT NULL REFERENCES pools (name),
  pubkey           bytea NOT NULL UNIQUE CHECK (length(pubkey) = 48),
  origin           text NOT NULL CHECK (origin IN ('derived', 'random', 'imported')),
  derivation_index integer CHECK (derivation_index >= 0),
  path             text NOT NULL DEFAULT '',
  keystore         text NOT NULL,               -- EIP-2335 JSON, encrypted under the pool's password
  state            text NOT NULL DEFAULT 'free' CHECK (state IN ('free', 'leased', 'retired')),
  lease_id         uuid,
  free_after       timestamptz NOT NULL DEFAULT '-infinity',
  times_leased     integer NOT NULL DEFAULT 0,
  last_released_at timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pool, derivation_index),
  CHECK ((state = 'leased') = (lease_id IS NOT NULL)),
  CHECK ((origin = 'derived') = (derivation_index IS NOT NULL))
);

-- Free keys in the order they are handed out: used before first, oldest release first.
CREATE INDEX keys_free_order ON keys (pool, last_released_at NULLS LAST, id) WHERE state = 'free';
CREATE INDEX keys_created ON keys (pool, created_at);

CREATE TABLE leases (
  id                uuid PRIMARY KEY,
  request_uid       text NOT NULL UNIQUE,
  pool              text NOT NULL REFERENCES pools (name),
  namespace         text NOT NULL,
  pod_name          text NOT NULL DEFAULT '',
  pod_generate_name text NOT NULL DEFAULT '',
  pod_uid           text,
  state             text NOT NULL CHECK (state IN ('pending', 'bound', 'released')),
  key_count         integer NOT NULL CHECK (key_count > 0),
  layout            text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  bound_at          timestamptz,
  released_at       timestamptz,
  release_reason    text,
  released_by       text,
  forced            boolean NOT NULL DEFAULT false,
  CHECK ((state = 'released') = (released_at IS NOT NULL))
);

CREATE INDEX leases_unreleased ON leases (pool, created_at) WHERE state <> 'released';

CREATE TABLE lease_keys (
  lease_id uuid NOT NULL REFERENCES leases (id),
  key_id   bigint NOT NULL REFERENCES keys (id),
  position integer NOT NULL CHECK (position >= 0),
  released boolean NOT NULL DEFAULT false,
  PRIMARY KEY (lease_id, key_id),
  UNIQUE (lease_id, position)
);

-- At most one unreleased lease per key, whatever the code does.
CREATE UNIQUE INDEX lease_keys_one_unreleased_lease_per_key ON lease_keys (key_id) WHERE NOT released;

-- The audit log: rows are added, never changed or removed.
CREATE TABLE events (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  kind      text NOT NULL,
  actor     text NOT NULL,
  pool      text,
  lease_id  uuid,
  key_id    bigint,
  namespace text,
  pod       text,
  detail    jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX events_lease ON events (lease_id) WHERE lease_id IS NOT NULL;

CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the events table is append-only';
END;
$$;

CREATE TRIGGER events_append_only
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_are_append_only();

CREATE TRIGGER events_no_truncate
  BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();
