-- What changed since the scheduler last looked. Every insert of a task instance, and every update that changes its
-- state or its try, stamps the row with the id of the writing transaction. A reader that asks for the rows stamped
-- at or above its last horizon and below the oldest transaction still running (pg_snapshot_xmin of its own
-- statement's snapshot, which it keeps as the next horizon) sees every committed change once, in the version current
-- when it reads: a change whose transaction was still running is seen by a later read.
ALTER TABLE task_instance ADD COLUMN change_xid xid8;

CREATE FUNCTION stamp_task_instance_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.state IS DISTINCT FROM NEW.state OR OLD.try_number IS DISTINCT FROM NEW.try_number THEN
        NEW.change_xid := pg_current_xact_id();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER task_instance_change_stamp
    BEFORE INSERT OR UPDATE ON task_instance
    FOR EACH ROW EXECUTE FUNCTION stamp_task_instance_change();

CREATE INDEX task_instance_change ON task_instance (change_xid);
