import { AppError } from "../../errors";
import { otherAdmins } from "./other-admins";

/** Refuses a change that would leave the workspace without an admin; call it under `lockMembership`. */
export async function assertAnotherAdmin(options: { tenantId: number; userId: number }) {
  if ((await otherAdmins(options.tenantId, options.userId)) === 0)
    throw new AppError("CONFLICT", "A workspace needs at least one admin.");
}
