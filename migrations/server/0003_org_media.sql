CREATE TABLE "org_media" (
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"mime_type" text NOT NULL,
	"byte_length" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "org_media_org_id_name_pk" PRIMARY KEY("org_id","name")
);
