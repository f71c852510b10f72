-- Every change to what a competition's standings are computed from marks the competition stale
-- (a row in standings_dirty) in the changing statement's own transaction, whichever code path
-- or person made it: marks, sheets, events, competitions, definitions, the roster, and a
-- judge's login (the engine names judges by it). Statement-level triggers with transition
-- tables: one row per statement and competition, however many rows the statement touched.
-- Only inserts are made (no row is updated), so writers never wait on each other here.

CREATE OR REPLACE FUNCTION standings_dirty_by_competition() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO standings_dirty (competition_id, source)
    SELECT DISTINCT competition_id, TG_TABLE_NAME FROM new_rows WHERE competition_id IS NOT NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO standings_dirty (competition_id, source)
    SELECT c, TG_TABLE_NAME FROM (
      SELECT competition_id FROM new_rows UNION SELECT competition_id FROM old_rows
    ) AS x(c) WHERE c IS NOT NULL;
  ELSE
    INSERT INTO standings_dirty (competition_id, source)
    SELECT DISTINCT competition_id, TG_TABLE_NAME FROM old_rows WHERE competition_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION standings_dirty_by_id() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO standings_dirty (competition_id, source)
    SELECT DISTINCT id, TG_TABLE_NAME FROM new_rows;
  ELSE
    INSERT INTO standings_dirty (competition_id, source)
    SELECT c, TG_TABLE_NAME FROM (SELECT id FROM new_rows UNION SELECT id FROM old_rows) AS x(c);
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION standings_dirty_by_sheet() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO standings_dirty (competition_id, source)
    SELECT DISTINCT s.competition_id, TG_TABLE_NAME FROM new_rows m JOIN sheets s ON s.id = m.sheet_id;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO standings_dirty (competition_id, source)
    SELECT DISTINCT s.competition_id, TG_TABLE_NAME FROM (
      SELECT sheet_id FROM new_rows UNION SELECT sheet_id FROM old_rows
    ) m JOIN sheets s ON s.id = m.sheet_id;
  ELSE
    INSERT INTO standings_dirty (competition_id, source)
    SELECT DISTINCT s.competition_id, TG_TABLE_NAME FROM old_rows m JOIN sheets s ON s.id = m.sheet_id;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint

-- A trigger with transition tables fires for one kind of statement, so each table gets one per kind.
CREATE TRIGGER standings_dirty_ins AFTER INSERT ON marks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION standings_dirty_by_sheet();
--> statement-breakpoint
CREATE TRIGGER standings_dirty_upd AFTER UPDATE ON marks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION standings_dirty_by_sheet();
--> statement-breakpoint
CREATE TRIGGER standings_dirty_del AFTER DELETE ON marks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION standings_dirty_by_sheet();
--> statement-breakpoint
CREATE TRIGGER standings_dirty_ins AFTER INSERT ON competitions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION standings_dirty_by_id();
--> statement-breakpoint
CREATE TRIGGER standings_dirty_upd AFTER UPDATE ON competitions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION standings_dirty_by_id();
--> statement-breakpoint
CREATE TRIGGER standings_dirty_upd AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION standings_dirty_by_competition();
--> statement-breakpoint
DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['sheets', 'events', 'definitions', 'contestants', 'teams', 'team_members'] LOOP
    EXECUTE format('CREATE TRIGGER standings_dirty_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION standings_dirty_by_competition()', t);
    EXECUTE format('CREATE TRIGGER standings_dirty_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION standings_dirty_by_competition()', t);
    EXECUTE format('CREATE TRIGGER standings_dirty_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION standings_dirty_by_competition()', t);
  END LOOP;
END
$do$;
