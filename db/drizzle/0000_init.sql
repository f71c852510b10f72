CREATE TABLE "competitions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"definition_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "definitions" (
	"competition_id" text NOT NULL,
	"version" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "definitions_competition_id_version_pk" PRIMARY KEY("competition_id","version")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"competition_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'setup' NOT NULL,
	"public_names" boolean DEFAULT true NOT NULL,
	"public_visible" boolean DEFAULT true NOT NULL,
	"frozen_rev" integer,
	"day" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_competition_id_id_pk" PRIMARY KEY("competition_id","id")
);
--> statement-breakpoint
CREATE TABLE "contestants" (
	"competition_id" text NOT NULL,
	"id" text NOT NULL,
	"bib" text NOT NULL,
	"name" text NOT NULL,
	"gender" text,
	"unit" text,
	"delegation" text,
	"station" text,
	"team_id" text,
	"events" text[],
	"attributes" jsonb NOT NULL,
	CONSTRAINT "contestants_competition_id_id_pk" PRIMARY KEY("competition_id","id"),
	CONSTRAINT "contestants_bib_unique" UNIQUE("competition_id","bib")
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"competition_id" text NOT NULL,
	"team_id" text NOT NULL,
	"contestant_id" text NOT NULL,
	CONSTRAINT "team_members_competition_id_team_id_contestant_id_pk" PRIMARY KEY("competition_id","team_id","contestant_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"competition_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"delegation" text,
	"events" text[],
	CONSTRAINT "teams_competition_id_id_pk" PRIMARY KEY("competition_id","id")
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"ok" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"competition_id" text,
	"login" text NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_login_unique" UNIQUE NULLS NOT DISTINCT("competition_id","login")
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"competition_id" text NOT NULL,
	"event_id" text NOT NULL,
	"judge_id" uuid NOT NULL,
	"criteria" text[],
	"entrants" text[],
	CONSTRAINT "assignments_unique" UNIQUE("competition_id","event_id","judge_id")
);
--> statement-breakpoint
CREATE TABLE "draw_codes" (
	"draw_id" uuid NOT NULL,
	"entrant_id" text NOT NULL,
	"code" text NOT NULL,
	CONSTRAINT "draw_codes_draw_id_entrant_id_pk" PRIMARY KEY("draw_id","entrant_id"),
	CONSTRAINT "draw_codes_code_unique" UNIQUE("draw_id","code")
);
--> statement-breakpoint
CREATE TABLE "draws" (
	"id" uuid PRIMARY KEY NOT NULL,
	"competition_id" text NOT NULL,
	"event_id" text NOT NULL,
	"seed" text NOT NULL,
	"method" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sheet_id" uuid NOT NULL,
	"criterion_id" text NOT NULL,
	"version" integer NOT NULL,
	"value" text,
	"reason" text,
	"op_id" uuid NOT NULL,
	"entered_by" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "marks_version_unique" UNIQUE("sheet_id","criterion_id","version"),
	CONSTRAINT "marks_op_unique" UNIQUE("op_id")
);
--> statement-breakpoint
CREATE TABLE "operations" (
	"op_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sheets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"competition_id" text NOT NULL,
	"event_id" text NOT NULL,
	"judge_id" uuid NOT NULL,
	"entrant_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"note" text,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sheets_unique" UNIQUE("competition_id","event_id","judge_id","entrant_id")
);
--> statement-breakpoint
CREATE TABLE "standing_snapshots" (
	"competition_id" text NOT NULL,
	"scope" text NOT NULL,
	"rev" integer NOT NULL,
	"hash" text NOT NULL,
	"body" jsonb NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "standing_snapshots_competition_id_scope_rev_pk" PRIMARY KEY("competition_id","scope","rev")
);
--> statement-breakpoint
CREATE TABLE "standings" (
	"competition_id" text NOT NULL,
	"scope" text NOT NULL,
	"rev" integer NOT NULL,
	"base_rev" integer NOT NULL,
	"hash" text NOT NULL,
	"changed" jsonb NOT NULL,
	"removed" jsonb NOT NULL,
	"definition_version" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "standings_competition_id_scope_rev_pk" PRIMARY KEY("competition_id","scope","rev")
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"competition_id" text,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "definitions" ADD CONSTRAINT "definitions_competition_id_competitions_id_fk" FOREIGN KEY ("competition_id") REFERENCES "public"."competitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_competition_id_competitions_id_fk" FOREIGN KEY ("competition_id") REFERENCES "public"."competitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contestants" ADD CONSTRAINT "contestants_competition_id_competitions_id_fk" FOREIGN KEY ("competition_id") REFERENCES "public"."competitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_competition_id_competitions_id_fk" FOREIGN KEY ("competition_id") REFERENCES "public"."competitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "login_links" ADD CONSTRAINT "login_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_judge_id_users_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_codes" ADD CONSTRAINT "draw_codes_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marks" ADD CONSTRAINT "marks_sheet_id_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sheets" ADD CONSTRAINT "sheets_judge_id_users_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "team_members_contestant" ON "team_members" USING btree ("competition_id","contestant_id");--> statement-breakpoint
CREATE INDEX "login_attempts_key_at" ON "login_attempts" USING btree ("key","at");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "draws_event" ON "draws" USING btree ("competition_id","event_id");--> statement-breakpoint
CREATE INDEX "sheets_event" ON "sheets" USING btree ("competition_id","event_id");