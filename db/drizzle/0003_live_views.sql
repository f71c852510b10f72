CREATE TABLE IF NOT EXISTS "socket_io_attachments" (
	"id" bigserial NOT NULL,
	"created_at" timestamp with time zone DEFAULT now(),
	"payload" "bytea",
	CONSTRAINT "socket_io_attachments_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "reveal_step" integer;--> statement-breakpoint
ALTER TABLE "standing_snapshots" ADD COLUMN "view" text DEFAULT 'official' NOT NULL;--> statement-breakpoint
ALTER TABLE "standings" ADD COLUMN "view" text DEFAULT 'official' NOT NULL;--> statement-breakpoint
ALTER TABLE "standings" ADD COLUMN "meta" jsonb;--> statement-breakpoint
ALTER TABLE "standings" ADD COLUMN "source_rev" integer;--> statement-breakpoint
ALTER TABLE "standing_snapshots" DROP CONSTRAINT "standing_snapshots_competition_id_scope_rev_pk";--> statement-breakpoint
ALTER TABLE "standings" DROP CONSTRAINT "standings_competition_id_scope_rev_pk";--> statement-breakpoint
ALTER TABLE "standing_snapshots" ADD CONSTRAINT "standing_snapshots_competition_id_view_scope_rev_pk" PRIMARY KEY("competition_id","view","scope","rev");--> statement-breakpoint
ALTER TABLE "standings" ADD CONSTRAINT "standings_competition_id_view_scope_rev_pk" PRIMARY KEY("competition_id","view","scope","rev");
