CREATE TABLE "channel_credentials" (
	"org_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"platform" text NOT NULL,
	"service" text NOT NULL,
	"account_id" text NOT NULL,
	"handle" text NOT NULL,
	"access_token_enc" text NOT NULL,
	"refresh_token_enc" text,
	"access_expires_at" timestamp with time zone,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	"refreshed_at" timestamp with time zone,
	"invalid_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "channel_credentials_org_id_channel_id_pk" PRIMARY KEY("org_id","channel_id")
);
