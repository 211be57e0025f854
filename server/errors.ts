export type AppErrorCode =
  "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PRECONDITION_FAILED" | "TOO_MANY_REQUESTS";

/** An error whose message a user can act on; services throw it, the API maps it. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found.`);

/** The Postgres error behind a database failure (Drizzle wraps the driver's error; the details are on its cause). */
export function postgresErrorOf(error: unknown): { code?: string; constraint_name?: string } | undefined {
  if (!error || typeof error !== "object") return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? (error as { code: string }) : postgresErrorOf(cause);
}
