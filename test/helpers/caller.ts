import { createContext } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/caller";
import { sessionCookieFor } from "./http";

/** An in-process tRPC caller acting as this member, through the real context and middleware. */
export async function callerFor(options: { userId: number; tenantId: number }) {
  return createCaller(await createContext({ cookie: await sessionCookieFor(options), requestId: "test" }));
}
