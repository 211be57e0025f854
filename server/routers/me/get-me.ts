import { z } from "zod";
import { getMe } from "../../services/me/get-me";
import { tenantProcedure } from "../../trpc/procedures";
import { ROLE_KEYS } from "../../auth/roles";

const ZTenantRef = z.object({ id: z.number(), name: z.string(), slug: z.string() });

export const ZGetMeResponse = z.object({
  user: z.object({
    id: z.number(),
    login: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    avatarUrl: z.string().nullable(),
  }),
  tenant: ZTenantRef,
  roles: z.array(z.enum(ROLE_KEYS)),
  /** The other workspaces the user belongs to, to switch to. */
  otherTenants: z.array(ZTenantRef),
});

export const getMeProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(ZGetMeResponse)
  .query(({ ctx }) => getMe({ tenantId: ctx.tenantId, userId: ctx.userId }));
