CREATE TABLE "standings_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"competition_id" text NOT NULL,
	"source" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "standings_dirty_competition" ON "standings_dirty" USING btree ("competition_id","id");--> statement-breakpoint
-- Databases from before this table may hold standings that lag their ledger (the need to
-- recompute lived in memory): every competition starts stale, so the next start reconciles it.
INSERT INTO "standings_dirty" ("competition_id", "source") SELECT "id", 'migration' FROM "competitions";
