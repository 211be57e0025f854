import { router } from "../../trpc/procedures";
import { addDomainProcedure } from "./add-domain";
import { listDomainsProcedure } from "./list-domains";
import { removeDomainProcedure } from "./remove-domain";

/** Custom domains mapped to preview deployments. */
export const domainsRouter = router({
  list: listDomainsProcedure,
  create: addDomainProcedure,
  delete: removeDomainProcedure,
});
