CREATE TABLE "idea_objectives" (
	"workspace_id" uuid NOT NULL,
	"idea_id" uuid NOT NULL,
	"objective_id" uuid NOT NULL,
	CONSTRAINT "idea_objectives_workspace_id_idea_id_objective_id_pk" PRIMARY KEY("workspace_id","idea_id","objective_id")
);
--> statement-breakpoint
CREATE TABLE "key_results" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"objective_id" uuid NOT NULL,
	"title" text NOT NULL,
	"metric_name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"baseline" double precision NOT NULL,
	"target" double precision NOT NULL,
	"current" double precision,
	"due_date" date NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "key_results_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "objectives" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_id" uuid,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"importance" smallint DEFAULT 3 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "objectives_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "plan_proposals" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"roadmap_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp (3) with time zone,
	CONSTRAINT "plan_proposals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "roadmap_changes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"roadmap_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roadmap_changes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "roadmap_dependencies" (
	"workspace_id" uuid NOT NULL,
	"roadmap_id" uuid NOT NULL,
	"before_id" uuid NOT NULL,
	"after_id" uuid NOT NULL,
	CONSTRAINT "roadmap_dependencies_workspace_id_before_id_after_id_pk" PRIMARY KEY("workspace_id","before_id","after_id")
);
--> statement-breakpoint
CREATE TABLE "roadmap_item_efforts" (
	"workspace_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"effort" double precision NOT NULL,
	CONSTRAINT "roadmap_item_efforts_workspace_id_item_id_team_id_pk" PRIMARY KEY("workspace_id","item_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "roadmap_item_links" (
	"workspace_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	CONSTRAINT "roadmap_item_links_workspace_id_item_id_kind_target_id_pk" PRIMARY KEY("workspace_id","item_id","kind","target_id")
);
--> statement-breakpoint
CREATE TABLE "roadmap_items" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"roadmap_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"idea_id" uuid,
	"title" text NOT NULL,
	"problem" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"theme" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'candidate' NOT NULL,
	"period" date,
	"target_date" date,
	"pinned" boolean DEFAULT false NOT NULL,
	"success_metric" text DEFAULT '' NOT NULL,
	"success_target" text DEFAULT '' NOT NULL,
	"value_override" double precision,
	"position" double precision DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "roadmap_items_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "roadmap_milestones" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"roadmap_id" uuid NOT NULL,
	"item_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"date" date NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "roadmap_milestones_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "roadmap_versions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"roadmap_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"snapshot" jsonb NOT NULL,
	"item_count" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roadmap_versions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "roadmaps" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"period_kind" text DEFAULT 'quarter' NOT NULL,
	"start_month" date NOT NULL,
	"horizon" smallint DEFAULT 4 NOT NULL,
	"lane_by" text DEFAULT 'team' NOT NULL,
	"next_version_number" integer DEFAULT 1 NOT NULL,
	"feed_token_hash" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "roadmaps_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "team_capacity" (
	"workspace_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"month" date NOT NULL,
	"capacity" double precision NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_capacity_workspace_id_team_id_month_pk" PRIMARY KEY("workspace_id","team_id","month")
);
--> statement-breakpoint
CREATE TABLE "time_off" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_off_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "capacity_unit" text DEFAULT 'person_days' NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "points_per_person_month" double precision DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "idea_objectives" ADD CONSTRAINT "idea_objectives_workspace_id_idea_id_ideas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","idea_id") REFERENCES "public"."ideas"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_objectives" ADD CONSTRAINT "idea_objectives_workspace_id_objective_id_objectives_workspace_id_id_fk" FOREIGN KEY ("workspace_id","objective_id") REFERENCES "public"."objectives"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_workspace_id_objective_id_objectives_workspace_id_id_fk" FOREIGN KEY ("workspace_id","objective_id") REFERENCES "public"."objectives"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_workspace_id_product_id_products_workspace_id_id_fk" FOREIGN KEY ("workspace_id","product_id") REFERENCES "public"."products"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_proposals" ADD CONSTRAINT "plan_proposals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_proposals" ADD CONSTRAINT "plan_proposals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_proposals" ADD CONSTRAINT "plan_proposals_workspace_id_roadmap_id_roadmaps_workspace_id_id_fk" FOREIGN KEY ("workspace_id","roadmap_id") REFERENCES "public"."roadmaps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_changes" ADD CONSTRAINT "roadmap_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_changes" ADD CONSTRAINT "roadmap_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_changes" ADD CONSTRAINT "roadmap_changes_workspace_id_roadmap_id_roadmaps_workspace_id_id_fk" FOREIGN KEY ("workspace_id","roadmap_id") REFERENCES "public"."roadmaps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_dependencies" ADD CONSTRAINT "roadmap_dependencies_workspace_id_before_id_roadmap_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","before_id") REFERENCES "public"."roadmap_items"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_dependencies" ADD CONSTRAINT "roadmap_dependencies_workspace_id_after_id_roadmap_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","after_id") REFERENCES "public"."roadmap_items"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_item_efforts" ADD CONSTRAINT "roadmap_item_efforts_workspace_id_item_id_roadmap_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","item_id") REFERENCES "public"."roadmap_items"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_item_efforts" ADD CONSTRAINT "roadmap_item_efforts_workspace_id_team_id_teams_workspace_id_id_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_item_links" ADD CONSTRAINT "roadmap_item_links_workspace_id_item_id_roadmap_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","item_id") REFERENCES "public"."roadmap_items"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_items" ADD CONSTRAINT "roadmap_items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_items" ADD CONSTRAINT "roadmap_items_workspace_id_roadmap_id_roadmaps_workspace_id_id_fk" FOREIGN KEY ("workspace_id","roadmap_id") REFERENCES "public"."roadmaps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_items" ADD CONSTRAINT "roadmap_items_workspace_id_idea_id_ideas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","idea_id") REFERENCES "public"."ideas"("workspace_id","id") ON DELETE SET NULL ("idea_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_milestones" ADD CONSTRAINT "roadmap_milestones_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_milestones" ADD CONSTRAINT "roadmap_milestones_workspace_id_roadmap_id_roadmaps_workspace_id_id_fk" FOREIGN KEY ("workspace_id","roadmap_id") REFERENCES "public"."roadmaps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_milestones" ADD CONSTRAINT "roadmap_milestones_workspace_id_item_id_roadmap_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","item_id") REFERENCES "public"."roadmap_items"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_versions" ADD CONSTRAINT "roadmap_versions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_versions" ADD CONSTRAINT "roadmap_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_versions" ADD CONSTRAINT "roadmap_versions_workspace_id_roadmap_id_roadmaps_workspace_id_id_fk" FOREIGN KEY ("workspace_id","roadmap_id") REFERENCES "public"."roadmaps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmaps" ADD CONSTRAINT "roadmaps_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmaps" ADD CONSTRAINT "roadmaps_workspace_id_product_id_products_workspace_id_id_fk" FOREIGN KEY ("workspace_id","product_id") REFERENCES "public"."products"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_capacity" ADD CONSTRAINT "team_capacity_workspace_id_team_id_teams_workspace_id_id_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_off" ADD CONSTRAINT "time_off_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_off" ADD CONSTRAINT "time_off_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idea_objectives_objective_idx" ON "idea_objectives" USING btree ("workspace_id","objective_id");--> statement-breakpoint
CREATE INDEX "key_results_objective_idx" ON "key_results" USING btree ("workspace_id","objective_id","position");--> statement-breakpoint
CREATE INDEX "objectives_period_idx" ON "objectives" USING btree ("workspace_id","period_start","id");--> statement-breakpoint
CREATE INDEX "plan_proposals_roadmap_idx" ON "plan_proposals" USING btree ("workspace_id","roadmap_id","created_at");--> statement-breakpoint
CREATE INDEX "roadmap_changes_roadmap_idx" ON "roadmap_changes" USING btree ("workspace_id","roadmap_id","created_at");--> statement-breakpoint
CREATE INDEX "roadmap_dependencies_roadmap_idx" ON "roadmap_dependencies" USING btree ("workspace_id","roadmap_id");--> statement-breakpoint
CREATE INDEX "roadmap_item_efforts_team_idx" ON "roadmap_item_efforts" USING btree ("workspace_id","team_id");--> statement-breakpoint
CREATE INDEX "roadmap_item_links_target_idx" ON "roadmap_item_links" USING btree ("workspace_id","kind","target_id");--> statement-breakpoint
CREATE INDEX "roadmap_items_roadmap_idx" ON "roadmap_items" USING btree ("workspace_id","roadmap_id","position");--> statement-breakpoint
CREATE INDEX "roadmap_items_period_idx" ON "roadmap_items" USING btree ("workspace_id","period");--> statement-breakpoint
CREATE INDEX "roadmap_milestones_roadmap_idx" ON "roadmap_milestones" USING btree ("workspace_id","roadmap_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "roadmap_versions_number_key" ON "roadmap_versions" USING btree ("workspace_id","roadmap_id","number");--> statement-breakpoint
CREATE INDEX "roadmaps_product_idx" ON "roadmaps" USING btree ("workspace_id","product_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "roadmaps_feed_token_key" ON "roadmaps" USING btree ("feed_token_hash");--> statement-breakpoint
CREATE INDEX "time_off_user_idx" ON "time_off" USING btree ("workspace_id","user_id","start_date");