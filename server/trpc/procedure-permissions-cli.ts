import { writeFileSync } from "node:fs";
import { appRouter } from "../routers/app-router";
import { renderProcedurePermissions } from "./procedure-permissions-source";

// Rewrites the map server/trpc/procedure-permissions-source.test.ts compares with the router.
const target = new URL("../../app/procedure-permissions.generated.ts", import.meta.url);
writeFileSync(target, renderProcedurePermissions(appRouter));
console.log(`wrote ${target.pathname}`);
