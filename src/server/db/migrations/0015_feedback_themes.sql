CREATE TABLE "feedback_theme_dismissals" (
	"workspace_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"dismissed_by" uuid,
	"dismissed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_theme_dismissals_workspace_id_item_id_pk" PRIMARY KEY("workspace_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "feedback_theme_items" (
	"workspace_id" uuid NOT NULL,
	"theme_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"added_by" uuid,
	"added_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_theme_items_workspace_id_theme_id_item_id_pk" PRIMARY KEY("workspace_id","theme_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "feedback_themes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "feedback_themes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "feedback_theme_dismissals" ADD CONSTRAINT "feedback_theme_dismissals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_theme_dismissals" ADD CONSTRAINT "feedback_theme_dismissals_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_theme_dismissals" ADD CONSTRAINT "feedback_theme_dismissals_workspace_id_item_id_feedback_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","item_id") REFERENCES "public"."feedback_items"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_theme_items" ADD CONSTRAINT "feedback_theme_items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_theme_items" ADD CONSTRAINT "feedback_theme_items_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_theme_items" ADD CONSTRAINT "feedback_theme_items_workspace_id_theme_id_feedback_themes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","theme_id") REFERENCES "public"."feedback_themes"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_theme_items" ADD CONSTRAINT "feedback_theme_items_workspace_id_item_id_feedback_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","item_id") REFERENCES "public"."feedback_items"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_themes" ADD CONSTRAINT "feedback_themes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_themes" ADD CONSTRAINT "feedback_themes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_theme_items_item_idx" ON "feedback_theme_items" USING btree ("workspace_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_themes_name_key" ON "feedback_themes" USING btree ("workspace_id",lower("name"));