import { AppError } from "../../errors";

/** Splits a human key (`LIME-42`) into project key and number. */
export function parseTicketKey(key: string) {
  const match = /^([A-Z][A-Z0-9]{1,9})-(\d{1,9})$/.exec(key.trim().toUpperCase());
  if (!match) throw new AppError("BAD_REQUEST", `"${key}" is not a ticket key like LIME-42.`);
  return { projectKey: match[1]!, number: Number(match[2]) };
}
