-- Consumers record the ce_id of every event they applied, in the same transaction as the effect.
CREATE TABLE processed_event (
    event_id     VARCHAR(200) PRIMARY KEY,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
