import { deliverHook } from "../server/services/hooks/hooks";
import type { JobDeps } from "./define-job";

export const handleHookDeliver = (payload: { tenantId: number; deliveryId: number }, deps: JobDeps) =>
  deliverHook({ ...payload, env: deps.env });
