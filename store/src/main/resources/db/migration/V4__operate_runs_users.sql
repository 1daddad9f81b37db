-- Operating runs (pause, clear, mark, cancel, backfill), users and login sessions, and the audit log.

-- 'restarting': a try a user cleared while it was queued or running. The scheduler that owns it stops it (deletes
-- its pod, kills its process), then the task instance waits for its next try.
ALTER TABLE task_instance DROP CONSTRAINT task_instance_state_check;
ALTER TABLE task_instance ADD CONSTRAINT task_instance_state_check CHECK (state IN ('none', 'scheduled', 'queued',
    'running', 'success', 'failed', 'up_for_retry', 'upstream_failed', 'skipped', 'removed', 'restarting'));

-- 'backfill': runs `dags backfill` created for a past range; one run per DAG and logical date among scheduled
-- and backfill runs.
ALTER TABLE dag_run DROP CONSTRAINT dag_run_run_type_check;
ALTER TABLE dag_run ADD CONSTRAINT dag_run_run_type_check CHECK (run_type IN ('scheduled', 'manual', 'test', 'backfill'));
DROP INDEX dag_run_scheduled_once;
CREATE UNIQUE INDEX dag_run_scheduled_once ON dag_run (dag_id, logical_date) WHERE run_type IN ('scheduled', 'backfill');

-- Who last changed a run's state by hand, and why ("cancelled by alice").
ALTER TABLE dag_run ADD COLUMN updated_by text;
ALTER TABLE dag_run ADD COLUMN state_reason text;

-- A try a user stopped (cleared, marked, cancelled) while it was queued or running: the scheduler that queued it
-- (scheduler_id) revokes it with its executor and deletes the row. The state change itself is already in
-- task_instance and its transition log; this row only says that a pod or process may still have to be stopped.
CREATE TABLE task_instance_stop (
    dag_id        text        NOT NULL,
    run_id        text        NOT NULL,
    task_id       text        NOT NULL,
    map_index     integer     NOT NULL,
    try_number    integer     NOT NULL,
    scheduler_id  text,
    requested_by  text        NOT NULL,
    reason        text        NOT NULL,
    requested_at  timestamptz NOT NULL,
    PRIMARY KEY (dag_id, run_id, task_id, map_index, try_number),
    FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
);
CREATE INDEX task_instance_stop_scheduler ON task_instance_stop (scheduler_id);

-- Users of the API and the web page; password_hash is a BCrypt hash.
CREATE TABLE api_user (
    username       text        PRIMARY KEY,
    role           text        NOT NULL CHECK (role IN ('viewer', 'op', 'admin')),
    password_hash  text        NOT NULL,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL
);

-- Login sessions of the web page: the cookie carries a random token, stored here only as its SHA-256.
CREATE TABLE api_session (
    token_sha256  text        PRIMARY KEY,
    username      text        NOT NULL REFERENCES api_user (username) ON DELETE CASCADE,
    csrf_token    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX api_session_expires ON api_session (expires_at);

-- Who did what by hand, through the CLI or the API (Airflow's audit log).
CREATE TABLE audit_log (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor     text        NOT NULL,
    event     text        NOT NULL,
    dag_id    text,
    run_id    text,
    task_id   text,
    details   text
);
CREATE INDEX audit_log_dag ON audit_log (dag_id, id);
