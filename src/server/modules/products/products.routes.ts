import {
  CreateProductSchema,
  FrameworkSettingSchema,
  ProductQuerySchema,
  ProductSchema,
  PutFrameworkSchema,
  pageOf,
  UpdateProductSchema,
} from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { NoContent } from "../../plugins/openapi.ts";
import {
  createProduct,
  deleteProduct,
  getFrameworkSetting,
  getProduct,
  listProducts,
  setFramework,
  updateProduct,
} from "./products.service.ts";

const tags = ["products"];

export function productRoutes(app: ZodApp, { db }: RouteDeps) {
  app.get(
    "/workspaces/:wid/products",
    {
      config: { auth: "products.read" },
      schema: {
        tags,
        summary: "Products, newest first",
        params: WsParams,
        querystring: ProductQuerySchema,
        response: { 200: pageOf(ProductSchema) },
      },
    },
    async (req) => listProducts(db, wsOf(req).workspaceId, req.query),
  );
  app.post(
    "/workspaces/:wid/products",
    {
      config: { auth: "products.write" },
      schema: {
        tags,
        summary: "Create a product",
        params: WsParams,
        body: CreateProductSchema,
        response: { 201: ProductSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await db.transaction((tx) => createProduct(tx, wsOf(req), req.body))),
  );
  app.get(
    "/workspaces/:wid/products/:id",
    {
      config: { auth: "products.read" },
      schema: { tags, summary: "A product", params: WsIdParams, response: { 200: ProductSchema } },
    },
    async (req) => getProduct(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/products/:id",
    {
      config: { auth: "products.write" },
      schema: {
        tags,
        summary: "Update a product (send the version you read)",
        params: WsIdParams,
        body: UpdateProductSchema,
        response: { 200: ProductSchema },
      },
    },
    async (req) => db.transaction((tx) => updateProduct(tx, wsOf(req), req.params.id, req.body)),
  );
  app.get(
    "/workspaces/:wid/products/:id/framework",
    {
      config: { auth: "products.read" },
      schema: {
        tags,
        summary: "The product's ranking framework and who changed it last, when",
        params: WsIdParams,
        response: { 200: FrameworkSettingSchema },
      },
    },
    async (req) => getFrameworkSetting(db, wsOf(req).workspaceId, req.params.id),
  );
  app.put(
    "/workspaces/:wid/products/:id/framework",
    {
      config: { auth: "products.write" },
      schema: {
        tags,
        summary: "Change the product's ranking framework: re-ranks its backlog for everyone (audited)",
        params: WsIdParams,
        body: PutFrameworkSchema,
        response: { 200: FrameworkSettingSchema },
      },
    },
    async (req) => db.transaction((tx) => setFramework(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/products/:id",
    {
      config: { auth: "products.delete" },
      schema: { tags, summary: "Delete a product", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteProduct(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
}
