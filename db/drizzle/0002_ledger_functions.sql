-- The mark writer's read and write, as functions: PL/pgSQL prepares each statement once per
-- connection, so a batch costs no planning. The checks themselves stay in the server; these
-- only read what a batch needs in one call and write what it decided in another.

CREATE OR REPLACE FUNCTION ledger_read(req jsonb) RETURNS json
LANGUAGE plpgsql AS $fn$
DECLARE
  sheet_ids uuid[] := ARRAY(SELECT jsonb_array_elements_text(req->'sheetIds')::uuid);
  op_ids uuid[] := ARRAY(SELECT jsonb_array_elements_text(req->'opIds')::uuid);
  crit text[] := ARRAY(SELECT jsonb_array_elements_text(req->'criteria'));
  head json;
  result json;
BEGIN
  -- The chain's head first: writers queue here, so everything they insert commits in order.
  SELECT row_to_json(h) INTO head FROM (
    SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE
  ) h;
  PERFORM 1 FROM sheets WHERE id = ANY(sheet_ids) FOR SHARE;
  SELECT json_build_object(
    'head', head,
    'ops', (SELECT coalesce(json_agg(o), '[]'::json) FROM (
      SELECT op_id AS "opId", user_id AS "userId", request_hash AS "requestHash", status, response
      FROM operations WHERE op_id = ANY(op_ids)) o),
    'sheets', (SELECT coalesce(json_agg(s), '[]'::json) FROM (
      SELECT s.id, s.competition_id AS "competitionId", s.event_id AS "eventId",
             s.judge_id AS "judgeId", s.status, e.status AS "eventStatus",
             c.definition_version AS "definitionVersion", a.criteria
      FROM sheets s
      JOIN events e ON e.competition_id = s.competition_id AND e.id = s.event_id
      JOIN competitions c ON c.id = s.competition_id
      LEFT JOIN assignments a ON a.competition_id = s.competition_id
        AND a.event_id = s.event_id AND a.judge_id = s.judge_id
      WHERE s.id = ANY(sheet_ids)) s),
    'cur', (SELECT coalesce(json_agg(m), '[]'::json) FROM (
      SELECT DISTINCT ON (m.sheet_id, m.criterion_id)
             m.sheet_id AS "sheetId", m.criterion_id AS criterion, m.version, m.value, m.reason,
             m.entered_at AS at, u.name AS "byName", u.login AS "byLogin"
      FROM marks m JOIN users u ON u.id = m.entered_by
      WHERE m.sheet_id = ANY(sheet_ids) AND m.criterion_id = ANY(crit)
      ORDER BY m.sheet_id, m.criterion_id, m.version DESC) m)
  ) INTO result;
  RETURN result;
END
$fn$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION ledger_write(payload jsonb, at timestamptz, tip_seq bigint, tip_hash text)
RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO marks (sheet_id, criterion_id, version, value, reason, op_id, entered_by, entered_at)
  SELECT x."sheetId", x."criterionId", x.version, x.value, x.reason, x."opId", x."enteredBy", at
  FROM jsonb_to_recordset(payload->'marks') AS x(
    "sheetId" uuid, "criterionId" text, version int, value text, reason text, "opId" uuid,
    "enteredBy" uuid);
  INSERT INTO operations (op_id, user_id, request_hash, status, response, created_at)
  SELECT x."opId", x."userId", x."requestHash", x.status, x.response, at
  FROM jsonb_to_recordset(payload->'ops') AS x(
    "opId" uuid, "userId" uuid, "requestHash" text, status int, response text);
  UPDATE sheets SET status = 'submitted', verified_by = NULL, verified_at = NULL,
    updated_at = at, revision = revision + 1
  WHERE id = ANY(ARRAY(SELECT jsonb_array_elements_text(payload->'reverify')::uuid));
  INSERT INTO audit_log (seq, at, actor_id, actor, action, competition_id, data, prev_hash, hash)
  SELECT x.seq, x.at, x."actorId", x.actor, x.action, x."competitionId", x.data, x."prevHash", x.hash
  FROM jsonb_to_recordset(payload->'audit') AS x(
    seq bigint, at timestamptz, "actorId" uuid, actor text, action text, "competitionId" text,
    data jsonb, "prevHash" text, hash text);
  IF jsonb_array_length(payload->'audit') > 0 THEN
    UPDATE audit_head SET seq = tip_seq, hash = tip_hash WHERE id = 1;
  END IF;
END
$fn$;
