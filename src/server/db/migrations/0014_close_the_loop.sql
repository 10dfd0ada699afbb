CREATE TABLE "changelog_entries" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp (3) with time zone,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "changelog_entries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "changelog_entries_status_check" CHECK ("changelog_entries"."status" IN ('draft', 'published'))
);
--> statement-breakpoint
CREATE TABLE "changelog_links" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"idea_id" uuid,
	"roadmap_item_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "changelog_links_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "changelog_links_one_target" CHECK (num_nonnulls("changelog_links"."idea_id", "changelog_links"."roadmap_item_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "customer_unsubscribes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid,
	"email" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_unsubscribes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "instance_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loop_campaigns" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"idea_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"changelog_entry_id" uuid,
	"recipients" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"sent_by" uuid,
	"sent_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "loop_campaigns_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "loop_campaigns_status_check" CHECK ("loop_campaigns"."status" IN ('draft', 'sent'))
);
--> statement-breakpoint
CREATE TABLE "loop_send_items" (
	"workspace_id" uuid NOT NULL,
	"send_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	CONSTRAINT "loop_send_items_workspace_id_send_id_item_id_pk" PRIMARY KEY("workspace_id","send_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "loop_sends" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"idea_id" uuid NOT NULL,
	"person_id" uuid,
	"email" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"outbox_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loop_sends_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "changelog_entries" ADD CONSTRAINT "changelog_entries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changelog_entries" ADD CONSTRAINT "changelog_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changelog_entries" ADD CONSTRAINT "changelog_entries_workspace_id_product_id_products_workspace_id_id_fk" FOREIGN KEY ("workspace_id","product_id") REFERENCES "public"."products"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changelog_links" ADD CONSTRAINT "changelog_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changelog_links" ADD CONSTRAINT "changelog_links_workspace_id_entry_id_changelog_entries_workspace_id_id_fk" FOREIGN KEY ("workspace_id","entry_id") REFERENCES "public"."changelog_entries"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changelog_links" ADD CONSTRAINT "changelog_links_workspace_id_idea_id_ideas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","idea_id") REFERENCES "public"."ideas"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changelog_links" ADD CONSTRAINT "changelog_links_workspace_id_roadmap_item_id_roadmap_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","roadmap_item_id") REFERENCES "public"."roadmap_items"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_unsubscribes" ADD CONSTRAINT "customer_unsubscribes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loop_campaigns" ADD CONSTRAINT "loop_campaigns_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loop_campaigns" ADD CONSTRAINT "loop_campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loop_campaigns" ADD CONSTRAINT "loop_campaigns_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loop_campaigns" ADD CONSTRAINT "loop_campaigns_workspace_id_idea_id_ideas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","idea_id") REFERENCES "public"."ideas"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loop_send_items" ADD CONSTRAINT "loop_send_items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loop_send_items" ADD CONSTRAINT "loop_send_items_workspace_id_send_id_loop_sends_workspace_id_id_fk" FOREIGN KEY ("workspace_id","send_id") REFERENCES "public"."loop_sends"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loop_sends" ADD CONSTRAINT "loop_sends_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loop_sends" ADD CONSTRAINT "loop_sends_workspace_id_campaign_id_loop_campaigns_workspace_id_id_fk" FOREIGN KEY ("workspace_id","campaign_id") REFERENCES "public"."loop_campaigns"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "changelog_entries_product_idx" ON "changelog_entries" USING btree ("workspace_id","product_id","published_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE UNIQUE INDEX "changelog_links_idea_key" ON "changelog_links" USING btree ("workspace_id","entry_id","idea_id");--> statement-breakpoint
CREATE UNIQUE INDEX "changelog_links_item_key" ON "changelog_links" USING btree ("workspace_id","entry_id","roadmap_item_id");--> statement-breakpoint
CREATE INDEX "changelog_links_by_idea_idx" ON "changelog_links" USING btree ("workspace_id","idea_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_unsubscribes_person_key" ON "customer_unsubscribes" USING btree ("workspace_id","person_id");--> statement-breakpoint
CREATE INDEX "customer_unsubscribes_email_idx" ON "customer_unsubscribes" USING btree ("workspace_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "loop_campaigns_draft_key" ON "loop_campaigns" USING btree ("workspace_id","idea_id") WHERE status = 'draft';--> statement-breakpoint
CREATE INDEX "loop_campaigns_idea_idx" ON "loop_campaigns" USING btree ("workspace_id","idea_id","created_at");--> statement-breakpoint
CREATE INDEX "loop_send_items_item_idx" ON "loop_send_items" USING btree ("workspace_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loop_sends_once_key" ON "loop_sends" USING btree ("workspace_id","idea_id","person_id");--> statement-breakpoint
CREATE INDEX "loop_sends_person_idx" ON "loop_sends" USING btree ("workspace_id","person_id","created_at");--> statement-breakpoint
CREATE INDEX "loop_sends_email_idx" ON "loop_sends" USING btree ("workspace_id","idea_id",lower("email"));--> statement-breakpoint
CREATE INDEX "loop_sends_campaign_idx" ON "loop_sends" USING btree ("workspace_id","campaign_id");