CREATE TABLE "judge_personal_data" (
	"competition_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"id_number" text,
	"phone" text,
	CONSTRAINT "judge_personal_data_competition_id_user_id_pk" PRIMARY KEY("competition_id","user_id")
);
