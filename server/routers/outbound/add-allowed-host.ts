import ipaddr from "ipaddr.js";
import { z } from "zod";
import { addAllowedHost } from "../../services/outbound/add-allowed-host";
import { tenantProcedure } from "../../trpc/procedures";
import { ZAllowedHost } from "./schemas";

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/;

export const ZAddAllowedHostRequest = z.object({
  host: z
    .string()
    .trim()
    .toLowerCase()
    .transform((host) => host.replace(/^\[(.*)\]$/, "$1"))
    .refine((host) => HOST_NAME.test(host) || ipaddr.isValid(host), "A host name or an IP address, without scheme or port."),
});

export const addAllowedHostProcedure = tenantProcedure
  .meta({ permission: "outbound:manage" })
  .input(ZAddAllowedHostRequest)
  .output(ZAllowedHost)
  .mutation(({ ctx, input }) => addAllowedHost({ tenantId: ctx.tenantId, userId: ctx.userId, host: input.host }));
