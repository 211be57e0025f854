import { router } from "../../trpc/procedures";
import { addAllowedHostProcedure } from "./add-allowed-host";
import { listAllowedHostsProcedure } from "./list-allowed-hosts";
import { removeAllowedHostProcedure } from "./remove-allowed-host";

/** The workspace's outbound allowlist: private-network hosts its hooks and custom tools may reach. */
export const outboundRouter = router({
  list: listAllowedHostsProcedure,
  add: addAllowedHostProcedure,
  remove: removeAllowedHostProcedure,
});
