import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import express, { type Router } from "express";
import { grantedPermissions, isPermission, permissionRefusal, type Permission } from "../auth/permissions";
import type { Env } from "../env.server";
import { appErrorOfDatabase } from "../database-errors";
import { AppError } from "../errors";
import { getImage } from "../services/images/get-image";
import { IMAGE_TOO_LARGE, MAX_IMAGE_BYTES, uploadImage } from "../services/images/upload-image";
import { appRouter } from "../routers/app-router";
import { createContext } from "../trpc/context";
import { declaredPermissions } from "../trpc/declared-permissions";
import { bufferBody } from "./body-limit";
import { requestIdOf } from "./request-id";

/** The status tRPC answers an AppError with: the API and these routes use one table. */
const statusOf = (error: AppError) => getHTTPStatusCodeFromError(new TRPCError({ code: error.code }));

function permissionOfProcedure(path: string): Permission {
  const permission = declaredPermissions(appRouter)[path];
  if (!isPermission(permission)) throw new Error(`${path} declares no permission for the images routes to require.`);
  return permission;
}

/**
 * What the images routes require. An upload feeds a run, so it needs what
 * launching one needs, read from agentRuns.create's own declaration.
 */
export const IMAGE_ROUTE_PERMISSIONS = {
  upload: permissionOfProcedure("agentRuns.create"),
  view: "workspace:read",
} as const satisfies Record<string, Permission>;

/**
 * Image upload and download for runs: the body is the raw image (the type is
 * checked from its bytes), the owner is the session's tenant, and another
 * tenant's image id is not found.
 */
export function imagesRouter(env: Env): Router {
  const router = express.Router();
  const identityOf = async (req: express.Request, route: keyof typeof IMAGE_ROUTE_PERMISSIONS) => {
    const context = await createContext({ cookie: req.headers.cookie, requestId: requestIdOf(req) });
    if (!context.identity || context.identity.roles.length === 0) throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    const refusal = permissionRefusal(
      grantedPermissions(context.identity),
      IMAGE_ROUTE_PERMISSIONS[route],
      !!context.identity.apiKeyId,
    );
    if (refusal) throw new AppError("FORBIDDEN", refusal);
    return context.identity;
  };
  // A database failure the request caused (a value Postgres cannot store, a number out of range) is the caller's 4xx.
  const fail = (res: express.Response, error: unknown, next: express.NextFunction) => {
    const appError = error instanceof AppError ? error : appErrorOfDatabase(error);
    if (appError) res.status(statusOf(appError)).json({ error: { code: appError.code, message: appError.message } });
    else next(error);
  };

  router.post("/", bufferBody(MAX_IMAGE_BYTES + 1), async (req, res, next) => {
    try {
      const identity = await identityOf(req, "upload");
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const filename = typeof req.query.filename === "string" ? req.query.filename : null;
      const image = await uploadImage({ tenantId: identity.tenant.id, userId: identity.user.id, env, bytes, filename });
      res.status(201).json(image);
    } catch (error) {
      fail(res, error, next);
    }
  });

  router.get("/:id", async (req, res, next) => {
    try {
      const identity = await identityOf(req, "view");
      const imageId = Number(req.params.id);
      if (!Number.isSafeInteger(imageId) || imageId <= 0) throw new AppError("NOT_FOUND", "Image not found.");
      const { image, bytes } = await getImage({ tenantId: identity.tenant.id, imageId, env });
      res.setHeader("Content-Type", image.contentType);
      res.setHeader("Cache-Control", "private, max-age=3600");
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.send(bytes);
    } catch (error) {
      fail(res, error, next);
    }
  });

  // A body over the limit, counted after decoding: bufferBody raises 413 with type entity.too.large.
  router.use((error: { type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error.type === "entity.too.large")
      res.status(413).json({ error: { code: "PAYLOAD_TOO_LARGE", message: IMAGE_TOO_LARGE } });
    else next(error);
  });
  return router;
}
