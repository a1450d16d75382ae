-- The W3C traceparent of the request that committed the change (#12): the relay publishes it as ce_traceparent, so
-- consumers continue that trace. Only traceparent (ids and flags), never baggage or tracestate. NULL: no trace.
ALTER TABLE outbox
    ADD COLUMN traceparent varchar(256);
