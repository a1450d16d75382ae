-- Where the projection stands in each partition: the next offset to read. It lives with the projection, not in
-- the consumer group, so a wiped, new or restored database resumes from what it really holds, whichever replica
-- is assigned the partition. It may lag behind (events are applied once anyway), never run ahead.
CREATE TABLE partition_position (
    topic       VARCHAR(249) NOT NULL,
    partition   INTEGER      NOT NULL,
    next_offset BIGINT       NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);
