import { router } from "../../trpc/procedures";
import { addDomainProcedure } from "./add-domain";
import { listDomainsProcedure } from "./list-domains";
import { removeDomainProcedure } from "./remove-domain";
import { verifyDomainProcedure } from "./verify-domain";

/** Custom domains claimed for preview deployments; routed once verified. */
export const domainsRouter = router({
  list: listDomainsProcedure,
  create: addDomainProcedure,
  verify: verifyDomainProcedure,
  delete: removeDomainProcedure,
});
