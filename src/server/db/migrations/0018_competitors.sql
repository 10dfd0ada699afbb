CREATE TABLE "battlecard_sections" (
	"workspace_id" uuid NOT NULL,
	"competitor_id" uuid NOT NULL,
	"section" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "battlecard_sections_workspace_id_competitor_id_section_pk" PRIMARY KEY("workspace_id","competitor_id","section")
);
--> statement-breakpoint
CREATE TABLE "capabilities" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"name" text NOT NULL,
	"theme" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"idea_id" uuid,
	"roadmap_item_id" uuid,
	"ours_status" text DEFAULT 'unknown' NOT NULL,
	"ours_note" text DEFAULT '' NOT NULL,
	"ours_source_url" text,
	"ours_verified_at" timestamp (3) with time zone,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "capabilities_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "capability_cells" (
	"workspace_id" uuid NOT NULL,
	"capability_id" uuid NOT NULL,
	"competitor_id" uuid NOT NULL,
	"status" text DEFAULT 'unknown' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"source_url" text,
	"verified_at" timestamp (3) with time zone,
	"verified_by" uuid,
	"change_id" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "capability_cells_workspace_id_capability_id_competitor_id_pk" PRIMARY KEY("workspace_id","capability_id","competitor_id")
);
--> statement-breakpoint
CREATE TABLE "competitor_change_ideas" (
	"workspace_id" uuid NOT NULL,
	"change_id" uuid NOT NULL,
	"idea_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competitor_change_ideas_workspace_id_change_id_idea_id_pk" PRIMARY KEY("workspace_id","change_id","idea_id")
);
--> statement-breakpoint
CREATE TABLE "competitor_changes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"monitor_id" uuid NOT NULL,
	"competitor_id" uuid NOT NULL,
	"from_snapshot_id" uuid,
	"to_snapshot_id" uuid,
	"detected_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"changed_percent" double precision NOT NULL,
	"added_words" integer DEFAULT 0 NOT NULL,
	"removed_words" integer DEFAULT 0 NOT NULL,
	"reported" boolean DEFAULT true NOT NULL,
	"diff" jsonb NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"category" text DEFAULT 'other' NOT NULL,
	"suggested_category" text DEFAULT 'other' NOT NULL,
	"importance" text DEFAULT 'normal' NOT NULL,
	"state" text DEFAULT 'new' NOT NULL,
	"prices" jsonb,
	"reviewed_by" uuid,
	"reviewed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "competitor_changes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "competitor_logos" (
	"workspace_id" uuid NOT NULL,
	"competitor_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"data_base64" text NOT NULL,
	"fetched_from" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competitor_logos_workspace_id_competitor_id_pk" PRIMARY KEY("workspace_id","competitor_id")
);
--> statement-breakpoint
CREATE TABLE "competitor_products" (
	"workspace_id" uuid NOT NULL,
	"competitor_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competitor_products_workspace_id_competitor_id_product_id_pk" PRIMARY KEY("workspace_id","competitor_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "competitor_watchers" (
	"workspace_id" uuid NOT NULL,
	"competitor_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competitor_watchers_workspace_id_competitor_id_user_id_pk" PRIMARY KEY("workspace_id","competitor_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "competitors" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"website" text,
	"positioning" text,
	"segments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "competitors_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "monitor_snapshots" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"monitor_id" uuid NOT NULL,
	"content_hash" text NOT NULL,
	"text" text NOT NULL,
	"items" jsonb,
	"bytes" integer DEFAULT 0 NOT NULL,
	"fetched_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitor_snapshots_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "monitors" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"competitor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"threshold_percent" double precision DEFAULT 1 NOT NULL,
	"interval_minutes" integer DEFAULT 1440 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"etag" text,
	"last_modified" text,
	"next_check_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp (3) with time zone,
	"last_check_at" timestamp (3) with time zone,
	"last_success_at" timestamp (3) with time zone,
	"last_change_at" timestamp (3) with time zone,
	"last_error_at" timestamp (3) with time zone,
	"last_error_code" text,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"checks" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "monitors_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "pricing_history" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"price" numeric(14, 2),
	"currency" text NOT NULL,
	"unit" text NOT NULL,
	"billing_period" text NOT NULL,
	"observed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"origin" text DEFAULT 'manual' NOT NULL,
	"source_url" text,
	"change_id" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pricing_history_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "pricing_plans" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"competitor_id" uuid NOT NULL,
	"name" text NOT NULL,
	"price" numeric(14, 2),
	"currency" text DEFAULT 'USD' NOT NULL,
	"unit" text DEFAULT 'flat' NOT NULL,
	"billing_period" text DEFAULT 'month' NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "pricing_plans_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "swot_cards" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"competitor_id" uuid NOT NULL,
	"quadrant" text NOT NULL,
	"text" text NOT NULL,
	"source_url" text,
	"source_date" date,
	"change_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "swot_cards_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "battlecard_sections" ADD CONSTRAINT "battlecard_sections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "battlecard_sections" ADD CONSTRAINT "battlecard_sections_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "battlecard_sections" ADD CONSTRAINT "battlecard_sections_workspace_id_competitor_id_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."competitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_workspace_id_product_id_products_workspace_id_id_fk" FOREIGN KEY ("workspace_id","product_id") REFERENCES "public"."products"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_workspace_id_idea_id_ideas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","idea_id") REFERENCES "public"."ideas"("workspace_id","id") ON DELETE SET NULL ("idea_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_workspace_id_roadmap_item_id_roadmap_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","roadmap_item_id") REFERENCES "public"."roadmap_items"("workspace_id","id") ON DELETE SET NULL ("roadmap_item_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capability_cells" ADD CONSTRAINT "capability_cells_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capability_cells" ADD CONSTRAINT "capability_cells_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capability_cells" ADD CONSTRAINT "capability_cells_workspace_id_capability_id_capabilities_workspace_id_id_fk" FOREIGN KEY ("workspace_id","capability_id") REFERENCES "public"."capabilities"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capability_cells" ADD CONSTRAINT "capability_cells_workspace_id_competitor_id_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."competitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_change_ideas" ADD CONSTRAINT "competitor_change_ideas_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_change_ideas" ADD CONSTRAINT "competitor_change_ideas_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_change_ideas" ADD CONSTRAINT "competitor_change_ideas_workspace_id_change_id_competitor_changes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","change_id") REFERENCES "public"."competitor_changes"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_change_ideas" ADD CONSTRAINT "competitor_change_ideas_workspace_id_idea_id_ideas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","idea_id") REFERENCES "public"."ideas"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_changes" ADD CONSTRAINT "competitor_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_changes" ADD CONSTRAINT "competitor_changes_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_changes" ADD CONSTRAINT "competitor_changes_workspace_id_monitor_id_monitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","monitor_id") REFERENCES "public"."monitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_changes" ADD CONSTRAINT "competitor_changes_workspace_id_competitor_id_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."competitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_logos" ADD CONSTRAINT "competitor_logos_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_logos" ADD CONSTRAINT "competitor_logos_workspace_id_competitor_id_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."competitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_products" ADD CONSTRAINT "competitor_products_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_products" ADD CONSTRAINT "competitor_products_workspace_id_competitor_id_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."competitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_products" ADD CONSTRAINT "competitor_products_workspace_id_product_id_products_workspace_id_id_fk" FOREIGN KEY ("workspace_id","product_id") REFERENCES "public"."products"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_watchers" ADD CONSTRAINT "competitor_watchers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_watchers" ADD CONSTRAINT "competitor_watchers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_watchers" ADD CONSTRAINT "competitor_watchers_workspace_id_competitor_id_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."competitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitors" ADD CONSTRAINT "competitors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitors" ADD CONSTRAINT "competitors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_snapshots" ADD CONSTRAINT "monitor_snapshots_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_snapshots" ADD CONSTRAINT "monitor_snapshots_workspace_id_monitor_id_monitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","monitor_id") REFERENCES "public"."monitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_workspace_id_competitor_id_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."competitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pricing_history" ADD CONSTRAINT "pricing_history_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pricing_history" ADD CONSTRAINT "pricing_history_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pricing_history" ADD CONSTRAINT "pricing_history_workspace_id_plan_id_pricing_plans_workspace_id_id_fk" FOREIGN KEY ("workspace_id","plan_id") REFERENCES "public"."pricing_plans"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pricing_plans" ADD CONSTRAINT "pricing_plans_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pricing_plans" ADD CONSTRAINT "pricing_plans_workspace_id_competitor_id_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."competitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "swot_cards" ADD CONSTRAINT "swot_cards_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "swot_cards" ADD CONSTRAINT "swot_cards_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "swot_cards" ADD CONSTRAINT "swot_cards_workspace_id_competitor_id_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."competitors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capabilities_product_idx" ON "capabilities" USING btree ("workspace_id","product_id","theme","position");--> statement-breakpoint
CREATE UNIQUE INDEX "capabilities_name_key" ON "capabilities" USING btree ("workspace_id","product_id",lower("name"));--> statement-breakpoint
CREATE INDEX "capabilities_idea_idx" ON "capabilities" USING btree ("workspace_id","idea_id") WHERE idea_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "capability_cells_competitor_idx" ON "capability_cells" USING btree ("workspace_id","competitor_id");--> statement-breakpoint
CREATE INDEX "competitor_change_ideas_idea_idx" ON "competitor_change_ideas" USING btree ("workspace_id","idea_id");--> statement-breakpoint
CREATE INDEX "competitor_changes_list_idx" ON "competitor_changes" USING btree ("workspace_id","detected_at","id");--> statement-breakpoint
CREATE INDEX "competitor_changes_competitor_idx" ON "competitor_changes" USING btree ("workspace_id","competitor_id","detected_at");--> statement-breakpoint
CREATE INDEX "competitor_changes_monitor_idx" ON "competitor_changes" USING btree ("workspace_id","monitor_id","detected_at");--> statement-breakpoint
CREATE INDEX "competitor_products_product_idx" ON "competitor_products" USING btree ("workspace_id","product_id");--> statement-breakpoint
CREATE INDEX "competitor_watchers_user_idx" ON "competitor_watchers" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "competitors_name_key" ON "competitors" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "competitors_list_idx" ON "competitors" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "monitor_snapshots_monitor_idx" ON "monitor_snapshots" USING btree ("workspace_id","monitor_id","fetched_at");--> statement-breakpoint
CREATE INDEX "monitors_competitor_idx" ON "monitors" USING btree ("workspace_id","competitor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "monitors_due_idx" ON "monitors" USING btree ("next_check_at") WHERE enabled;--> statement-breakpoint
CREATE INDEX "pricing_history_plan_idx" ON "pricing_history" USING btree ("workspace_id","plan_id","observed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pricing_plans_name_key" ON "pricing_plans" USING btree ("workspace_id","competitor_id",lower("name"));--> statement-breakpoint
CREATE INDEX "swot_cards_competitor_idx" ON "swot_cards" USING btree ("workspace_id","competitor_id","quadrant","position");