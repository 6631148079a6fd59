-- Valet schema, version 3: one deposit per key, the transactions that carry it, and how far the
-- deposit contract's logs have been read.

-- At most one deposit per key, whatever the code does: the key is the primary key.
-- States: pending (waiting to be sent, or to be exported), sent (a signed transaction is recorded,
-- or one was found on chain), confirmed, failed, exported, skipped. A key without a row has none.
CREATE TABLE deposits (
  key_id                 bigint PRIMARY KEY REFERENCES keys (id),
  pool                   text NOT NULL REFERENCES pools (name),
  mode                   text NOT NULL CHECK (mode IN ('auto', 'export', 'off')),
  state                  text NOT NULL
                         CHECK (state IN ('pending', 'sent', 'confirmed', 'failed', 'exported',
                                          'skipped')),
  network                text NOT NULL,
  chain_id               bigint NOT NULL CHECK (chain_id > 0),
  deposit_contract       bytea NOT NULL CHECK (length(deposit_contract) = 20),
  fork_version           bytea NOT NULL CHECK (length(fork_version) = 4),
  -- The signed deposit data, made when the key was created (or imported to be deposited).
  amount_gwei            bigint CHECK (amount_gwei > 0),
  withdrawal_credentials bytea CHECK (length(withdrawal_credentials) = 32),
  signature              bytea CHECK (length(signature) = 96),
  deposit_data_root      bytea CHECK (length(deposit_data_root) = 32),
  -- The nonce all of this deposit's transactions share, from funding_address on chain_id.
  funding_address        bytea CHECK (length(funding_address) = 20),
  tx_nonce               bigint CHECK (tx_nonce >= 0),
  -- The transaction that put the deposit on chain, as a receipt or the contract's log shows it.
  mined_tx_hash          bytea CHECK (length(mined_tx_hash) = 32),
  block_number           bigint,
  block_hash             bytea,
  confirmations          integer NOT NULL DEFAULT 0,
  waiting_reason         text,                  -- why a pending or sent deposit does not move
  error                  text,                  -- why it failed
  note                   text,                  -- how a skipped or found deposit came to be
  export_file            text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  sent_at                timestamptz,
  confirmed_at           timestamptz,
  exported_at            timestamptz,
  UNIQUE (key_id, tx_nonce),
  -- Two deposits never share a nonce of one account: at most one of them could be mined.
  UNIQUE (chain_id, funding_address, tx_nonce),
  CHECK (state = 'skipped'
         OR (signature IS NOT NULL AND deposit_data_root IS NOT NULL
             AND withdrawal_credentials IS NOT NULL AND amount_gwei IS NOT NULL)),
  CHECK (state <> 'sent' OR tx_nonce IS NOT NULL OR mined_tx_hash IS NOT NULL),
  CHECK (state <> 'confirmed' OR mined_tx_hash IS NOT NULL),
  CHECK (state <> 'failed' OR error IS NOT NULL),
  CHECK ((tx_nonce IS NULL) = (funding_address IS NULL))
);

CREATE INDEX deposits_open ON deposits (pool, state, key_id) WHERE state IN ('pending', 'sent');

-- Each signed transaction of a deposit, recorded before it is broadcast. A replacement is another
-- row with a higher attempt and the same nonce, which the foreign key holds to the deposit's.
CREATE TABLE deposit_transactions (
  tx_hash                  bytea PRIMARY KEY CHECK (length(tx_hash) = 32),
  key_id                   bigint NOT NULL,
  nonce                    bigint NOT NULL,
  attempt                  integer NOT NULL CHECK (attempt >= 0),
  max_fee_per_gas          bigint NOT NULL CHECK (max_fee_per_gas > 0),      -- wei
  max_priority_fee_per_gas bigint NOT NULL CHECK (max_priority_fee_per_gas >= 0),
  gas_limit                bigint NOT NULL CHECK (gas_limit > 0),
  raw                      bytea NOT NULL,        -- the signed transaction, rebroadcast as it is
  signed_at                timestamptz NOT NULL DEFAULT now(),
  broadcast_at             timestamptz,           -- when the node last took or knew it
  UNIQUE (key_id, attempt),
  FOREIGN KEY (key_id, nonce) REFERENCES deposits (key_id, tx_nonce)
);

-- How far the DepositEvent logs of one deposit contract have been read for Valet's keys.
CREATE TABLE deposit_log_scans (
  chain_id         bigint NOT NULL,
  deposit_contract bytea NOT NULL CHECK (length(deposit_contract) = 20),
  scanned_to       bigint NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chain_id, deposit_contract)
);

-- Every key's deposit state; 'none' for a key that has no deposit row.
CREATE VIEW key_deposit_states AS
SELECT k.id AS key_id, k.pool, k.pubkey, coalesce(d.state, 'none') AS deposit_state,
       d.waiting_reason, d.error, d.mined_tx_hash, d.updated_at
  FROM keys k LEFT JOIN deposits d ON d.key_id = k.id;

CREATE INDEX events_key ON events (key_id) WHERE key_id IS NOT NULL;
