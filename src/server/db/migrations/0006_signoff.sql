CREATE TABLE "share_links" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"roadmap_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"revoked_at" timestamp (3) with time zone,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp (3) with time zone,
	"views" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "share_links_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "signoff_approvers" (
	"workspace_id" uuid NOT NULL,
	"signoff_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"via_team_id" uuid,
	"decision" text DEFAULT 'pending' NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"decided_at" timestamp (3) with time zone,
	"decided_version_id" uuid,
	"withdrawn_at" timestamp (3) with time zone,
	CONSTRAINT "signoff_approvers_workspace_id_signoff_id_user_id_pk" PRIMARY KEY("workspace_id","signoff_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "signoff_comments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"signoff_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"item_id" uuid,
	"user_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signoff_comments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "signoff_events" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"signoff_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"detail" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signoff_events_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "signoffs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"roadmap_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"baseline_version_id" uuid,
	"round" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"deadline" timestamp (3) with time zone NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"reminders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"override_reason" text,
	"smart_failures" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp (3) with time zone,
	CONSTRAINT "signoffs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "roadmap_versions" ADD COLUMN "approved_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "roadmap_versions" ADD COLUMN "signoff_id" uuid;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_workspace_id_version_id_roadmap_versions_workspace_id_id_fk" FOREIGN KEY ("workspace_id","version_id") REFERENCES "public"."roadmap_versions"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_approvers" ADD CONSTRAINT "signoff_approvers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_approvers" ADD CONSTRAINT "signoff_approvers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_approvers" ADD CONSTRAINT "signoff_approvers_workspace_id_signoff_id_signoffs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","signoff_id") REFERENCES "public"."signoffs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_comments" ADD CONSTRAINT "signoff_comments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_comments" ADD CONSTRAINT "signoff_comments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_comments" ADD CONSTRAINT "signoff_comments_workspace_id_signoff_id_signoffs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","signoff_id") REFERENCES "public"."signoffs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_events" ADD CONSTRAINT "signoff_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_events" ADD CONSTRAINT "signoff_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_events" ADD CONSTRAINT "signoff_events_workspace_id_signoff_id_signoffs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","signoff_id") REFERENCES "public"."signoffs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_workspace_id_roadmap_id_roadmaps_workspace_id_id_fk" FOREIGN KEY ("workspace_id","roadmap_id") REFERENCES "public"."roadmaps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_workspace_id_version_id_roadmap_versions_workspace_id_id_fk" FOREIGN KEY ("workspace_id","version_id") REFERENCES "public"."roadmap_versions"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_token_key" ON "share_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "share_links_version_idx" ON "share_links" USING btree ("workspace_id","version_id");--> statement-breakpoint
CREATE INDEX "signoff_approvers_user_idx" ON "signoff_approvers" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE INDEX "signoff_comments_signoff_idx" ON "signoff_comments" USING btree ("workspace_id","signoff_id","created_at");--> statement-breakpoint
CREATE INDEX "signoff_events_signoff_idx" ON "signoff_events" USING btree ("workspace_id","signoff_id","created_at");--> statement-breakpoint
CREATE INDEX "signoffs_roadmap_idx" ON "signoffs" USING btree ("workspace_id","roadmap_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "signoffs_open_key" ON "signoffs" USING btree ("workspace_id","roadmap_id") WHERE status = 'open';--> statement-breakpoint
CREATE FUNCTION roadmap_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A version is a frozen snapshot; an approved one (a baseline) cannot change at all.
  IF NEW.snapshot IS DISTINCT FROM OLD.snapshot OR NEW.number <> OLD.number OR NEW.roadmap_id <> OLD.roadmap_id
     OR (OLD.approved_at IS NOT NULL AND (NEW.approved_at IS DISTINCT FROM OLD.approved_at
       OR NEW.signoff_id IS DISTINCT FROM OLD.signoff_id OR NEW.name <> OLD.name OR NEW.note <> OLD.note)) THEN
    RAISE EXCEPTION 'roadmap version % is immutable', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER roadmap_versions_immutable BEFORE UPDATE ON roadmap_versions
  FOR EACH ROW EXECUTE FUNCTION roadmap_versions_immutable();
