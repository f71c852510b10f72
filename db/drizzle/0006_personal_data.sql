CREATE TABLE "personal_data" (
	"competition_id" text NOT NULL,
	"contestant_id" text NOT NULL,
	"id_number" text,
	"phone" text,
	CONSTRAINT "personal_data_competition_id_contestant_id_pk" PRIMARY KEY("competition_id","contestant_id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "unit" text;