-- taskpod metadata schema. State names follow Airflow's.

CREATE TABLE scheduler (
    id                 text PRIMARY KEY,
    hostname           text        NOT NULL,
    pid                bigint,
    state              text        NOT NULL CHECK (state IN ('running', 'stopped', 'failed')),
    executors          text        NOT NULL DEFAULT '',
    started_at         timestamptz NOT NULL,
    last_heartbeat_at  timestamptz NOT NULL,
    ended_at           timestamptz
);

CREATE TABLE dag (
    dag_id            text PRIMARY KEY,
    fileloc           text        NOT NULL,
    description       text        NOT NULL DEFAULT '',
    schedule          text,
    is_paused         boolean     NOT NULL DEFAULT false,
    is_active         boolean     NOT NULL DEFAULT true,
    max_active_runs   integer     NOT NULL,
    max_active_tasks  integer     NOT NULL,
    next_dagrun       timestamptz,
    last_parsed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dag_run (
    dag_id               text        NOT NULL,
    run_id               text        NOT NULL,
    run_type             text        NOT NULL CHECK (run_type IN ('scheduled', 'manual', 'test')),
    state                text        NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed')),
    logical_date         timestamptz NOT NULL,
    data_interval_start  timestamptz,
    data_interval_end    timestamptz,
    conf                 jsonb,
    created_by           text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    started_at           timestamptz,
    ended_at             timestamptz,
    PRIMARY KEY (dag_id, run_id)
);
CREATE UNIQUE INDEX dag_run_scheduled_once ON dag_run (dag_id, logical_date) WHERE run_type = 'scheduled';
CREATE INDEX dag_run_active ON dag_run (dag_id) WHERE state IN ('queued', 'running');

CREATE TABLE task_instance (
    dag_id                 text        NOT NULL,
    run_id                 text        NOT NULL,
    task_id                text        NOT NULL,
    map_index              integer     NOT NULL DEFAULT -1 CHECK (map_index >= -1),
    try_number             integer     NOT NULL DEFAULT 0 CHECK (try_number >= 0),
    max_tries              integer     NOT NULL DEFAULT 0,
    state                  text        NOT NULL DEFAULT 'none' CHECK (state IN ('none', 'scheduled', 'queued',
                               'running', 'success', 'failed', 'up_for_retry', 'upstream_failed', 'skipped', 'removed')),
    queue                  text        NOT NULL DEFAULT 'default',
    executor               text,
    priority_weight        integer     NOT NULL DEFAULT 1,
    map_item               text,
    queued_by              text,
    external_executor_id   text,
    hostname               text,
    pid                    integer,
    launch_attempt         integer     NOT NULL DEFAULT 0,
    stuck_in_queued_count  integer     NOT NULL DEFAULT 0,
    scheduled_at           timestamptz,
    queued_at              timestamptz,
    started_at             timestamptz,
    ended_at               timestamptz,
    next_retry_at          timestamptz,
    last_heartbeat_at      timestamptz,
    failure_reason         text,
    -- who made the last state change and why; copied into task_instance_transition by the trigger below
    updated_by             text,
    state_reason           text,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dag_id, run_id, task_id, map_index),
    FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
);
CREATE INDEX task_instance_active ON task_instance (state, priority_weight DESC)
    WHERE state IN ('none', 'scheduled', 'queued', 'running', 'up_for_retry');
CREATE INDEX task_instance_queued_by ON task_instance (queued_by) WHERE state IN ('queued', 'running');

-- Append-only log of every state change of a task instance, written by the database itself so that no code
-- path can change a state without leaving a trace.
CREATE TABLE task_instance_transition (
    id           bigserial   PRIMARY KEY,
    dag_id       text        NOT NULL,
    run_id       text        NOT NULL,
    task_id      text        NOT NULL,
    map_index    integer     NOT NULL,
    try_number   integer     NOT NULL,
    from_state   text,
    to_state     text        NOT NULL,
    changed_by   text,
    reason       text,
    changed_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX task_instance_transition_ti ON task_instance_transition (dag_id, run_id, task_id, map_index);

CREATE FUNCTION record_task_instance_transition() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.state IS DISTINCT FROM NEW.state OR OLD.try_number IS DISTINCT FROM NEW.try_number THEN
        INSERT INTO task_instance_transition (dag_id, run_id, task_id, map_index, try_number, from_state, to_state,
                                              changed_by, reason)
        VALUES (NEW.dag_id, NEW.run_id, NEW.task_id, NEW.map_index, NEW.try_number,
                CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.state END, NEW.state, NEW.updated_by, NEW.state_reason);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER task_instance_transition_log
    AFTER INSERT OR UPDATE ON task_instance
    FOR EACH ROW EXECUTE FUNCTION record_task_instance_transition();

-- Last Kubernetes resourceVersion processed per (scheduler, namespace); '*' is the cluster-wide watch.
CREATE TABLE kubernetes_resource_version (
    scheduler_id      text        NOT NULL,
    namespace         text        NOT NULL,
    resource_version  text        NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scheduler_id, namespace)
);
