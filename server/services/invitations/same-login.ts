import { sql, type Column } from "drizzle-orm";

/** GitHub logins are case-insensitive: `Octocat` and `octocat` are one account. */
export const sameLogin = (column: Column, login: string) => sql`lower(${column}) = lower(${login})`;
