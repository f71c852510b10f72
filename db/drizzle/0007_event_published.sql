ALTER TABLE "events" ADD COLUMN "published" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Events that existed before publishing was a step keep the public state they had.
UPDATE "events" SET "published" = true;
