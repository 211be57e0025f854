import { json } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { appErrorOfDatabase } from "../server/database-errors";
import { AppError, type AppErrorCode } from "../server/errors";

/** The HTTP status tRPC answers an AppError with; pages use the same table as the API. */
export function statusOfAppError(code: AppErrorCode) {
  return getHTTPStatusCodeFromError(new TRPCError({ code }));
}

/**
 * Runs a loader's or action's service calls. An AppError becomes a thrown Response
 * with its message and tRPC's status, which the error boundary shows; so does a
 * database failure the request caused (a duplicate, see appErrorOfDatabase).
 * Anything else (a database outage included) propagates, so Remix logs it and
 * answers 500.
 */
export async function guardAppErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const appError = appErrorOf(error);
    if (appError) throw new Response(appError.message, { status: statusOfAppError(appError.code) });
    throw error;
  }
}

/**
 * Like guardAppErrors, for a loader that shows a page of its own when the thing is
 * not there (an invitation link that is not this person's): NOT_FOUND is null, any
 * other AppError a thrown Response, and anything else (a database outage) propagates.
 */
export async function nullWhenNotFound<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await guardAppErrors(work);
  } catch (error) {
    if (error instanceof Response && error.status === statusOfAppError("NOT_FOUND")) return null;
    throw error;
  }
}

function appErrorOf(error: unknown) {
  return error instanceof AppError ? error : appErrorOfDatabase(error);
}

/** What an action's form shows: one message for the whole form, or messages per field. */
export type FormErrors = { formError?: string; fieldErrors?: Record<string, string[] | undefined> };

/** Like guardAppErrors, for an action whose form shows the message: the AppError is returned as `{ formError }`. */
export async function guardFormAppErrors<T>(work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    const appError = appErrorOf(error);
    if (appError) return json<FormErrors>({ formError: appError.message }, { status: statusOfAppError(appError.code) });
    throw error;
  }
}

/**
 * Throws a Response when `condition` fails: for a service that answers null (a
 * run that is not there) where the page has nothing to show. (Epic Stack)
 */
export function invariantResponse(condition: unknown, message: string, init: ResponseInit): asserts condition {
  if (!condition) throw new Response(message, init);
}
