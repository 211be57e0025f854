import { z } from "zod";
import { verifyDomain } from "../../services/domains/verify-domain";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZVerifiedDomain } from "./schemas";

export const ZVerifyDomainRequest = z.object({ domainId: ZId });

/** Checks the claim's DNS TXT record (or the preview base domain); `problem` says what is missing when it is not proven. */
export const verifyDomainProcedure = tenantProcedure
  .meta({ permission: "integrations:manage", transaction: "explicit" })
  .input(ZVerifyDomainRequest)
  .output(ZVerifiedDomain)
  .mutation(({ ctx, input }) => verifyDomain({ tenantId: ctx.tenantId, env: ctx.env, ...input, commit: ctx.inTransaction }));
