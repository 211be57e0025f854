import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Requirement } from "../auth/permissions";
import { appErrorOfDatabase } from "../database-errors";
import { AppError } from "../errors";
import { cleanRequestInput, InputIssuesError, type FieldIssue } from "./clean-input";
import { installHumanIssues } from "./human-issues";
import type { Context } from "./context";
import { outputTransformer } from "./shared-serialization";

export type { FieldIssue };

installHumanIssues();

function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

function readableIssues(issues: FieldIssue[]) {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ");
}

/** Declared on every procedure with `.meta({ permission })`; the middlewares in procedures.ts enforce it. */
export type Meta = {
  permission?: Requirement;
  /**
   * How a mutation's writes are committed. By default the whole mutation runs
   * in one transaction with its audit entry. `"explicit"`: a mutation that calls
   * GitHub, Kubernetes, S3, a model or a hook URL runs outside any transaction
   * and commits its writes, with the audit entry, in `ctx.inTransaction(...)`
   * after those calls (decision 026).
   */
  transaction?: "explicit";
};

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Subscribers of one topic share each batch's serialisation (see shareSerialization).
    transformer: { input: superjson, output: outputTransformer },
    isDev: false,
    sse: {
      ping: { enabled: true, intervalMs: 10_000 },
      client: { reconnectAfterInactivityMs: 25_000 },
    },
    errorFormatter({ shape, error, ctx }) {
      const issues =
        error.cause instanceof ZodError
          ? zodIssues(error.cause)
          : error.cause instanceof InputIssuesError
            ? error.cause.issues
            : null;
      let message = shape.message;
      if (issues) message = readableIssues(issues);
      // Unexpected failures never leak internals; the request id finds them in the logs.
      if (error.code === "INTERNAL_SERVER_ERROR")
        message = `Something went wrong on our side (request ${ctx?.requestId ?? "unknown"}).`;
      return { ...shape, message, data: { ...shape.data, issues, stack: undefined } };
    },
  });

/**
 * Turns the services' AppError into the matching tRPC error, and gives input
 * errors a readable message (`title: Title cannot be empty.`) for in-process
 * callers too, not only over HTTP. A database failure the caller caused (a
 * duplicate name, a reference to nothing) becomes the AppError it means.
 */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  const appError = cause instanceof AppError ? cause : appErrorOfDatabase(cause);
  if (appError) throw new TRPCError({ code: appError.code, message: appError.message, cause: appError });
  if (cause instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: readableIssues(zodIssues(cause)), cause });
  return result;
});

/**
 * Every procedure's raw input, before its schema parses it: text Postgres
 * cannot store is refused (NUL) or replaced (lone surrogates), in this one
 * place rather than per field.
 */
const cleanInput = t.middleware(async ({ getRawInput, next }) => {
  const cleaned = cleanRequestInput(await getRawInput());
  if ("error" in cleaned) throw new TRPCError({ code: "BAD_REQUEST", message: cleaned.error.message, cause: cleaned.error });
  return next({ getRawInput: () => Promise.resolve(cleaned.input) });
});

export const router = t.router;
export const middleware = t.middleware;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure.use(mapAppErrors).use(cleanInput);
