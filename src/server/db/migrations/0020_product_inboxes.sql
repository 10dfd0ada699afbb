ALTER TABLE "mail_inboxes" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_inboxes" ADD COLUMN "product_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_inboxes" DROP CONSTRAINT "mail_inboxes_workspace_id_pk";--> statement-breakpoint
ALTER TABLE "mail_inboxes" ADD CONSTRAINT "mail_inboxes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id");--> statement-breakpoint
ALTER TABLE "mail_inboxes" ADD CONSTRAINT "mail_inboxes_product_fk" FOREIGN KEY ("workspace_id","product_id") REFERENCES "public"."products"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_inboxes" ADD CONSTRAINT "mail_inboxes_scope_key" UNIQUE NULLS NOT DISTINCT("workspace_id","product_id");
