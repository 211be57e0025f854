import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, type AppErrorCode } from "../server/errors";
import { getEnv } from "../server/env.server";
import { baseProcedure, router } from "../server/trpc/init";
import { guardAppErrors, guardFormAppErrors, invariantResponse, nullWhenNotFound, statusOfAppError } from "./errors.server";

// A Record over the union, so a code added to AppErrorCode fails typecheck until it is listed here.
const everyCode: Record<AppErrorCode, true> = {
  BAD_REQUEST: true,
  UNAUTHORIZED: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  CONFLICT: true,
  PRECONDITION_FAILED: true,
  TOO_MANY_REQUESTS: true,
};
const codes = Object.keys(everyCode) as AppErrorCode[];

// A procedure that throws the AppError it is asked for, behind the app's own error mapping.
const failing = router({
  fail: baseProcedure.input(z.object({ code: z.string() })).query(({ input }) => {
    throw new AppError(input.code as AppErrorCode, `Refused with ${input.code}.`);
  }),
});

async function statusFromTrpc(code: AppErrorCode) {
  const url = `http://localhost/api/trpc/fail?input=${encodeURIComponent(JSON.stringify({ json: { code } }))}`;
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url),
    router: failing,
    createContext: () => ({ requestId: "test", identity: null, bearer: null, env: getEnv() }),
  });
  return response.status;
}

describe("guardAppErrors", () => {
  it.each(codes)("answers %s with the status tRPC gives it, and the error's message", async (code) => {
    const thrown = await guardAppErrors(() => Promise.reject(new AppError(code, "Nothing to see."))).catch((error) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(await statusFromTrpc(code));
    expect(await (thrown as Response).text()).toBe("Nothing to see.");
  });

  it("rethrows any other error as it is, so Remix answers 500", async () => {
    const failure = Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
    await expect(guardAppErrors(() => Promise.reject(failure))).rejects.toBe(failure);
  });

  it("returns what the work returns", async () => {
    expect(await guardAppErrors(async () => 42)).toBe(42);
  });
});

describe("guardFormAppErrors", () => {
  it("returns an AppError as the form's message, with tRPC's status", async () => {
    const response = await guardFormAppErrors(() => Promise.reject(new AppError("CONFLICT", "Key taken.")));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(statusOfAppError("CONFLICT"));
    expect(await (response as Response).json()).toEqual({ formError: "Key taken." });
  });

  it("rethrows any other error", async () => {
    const failure = new Error("database is shutting down");
    await expect(guardFormAppErrors(() => Promise.reject(failure))).rejects.toBe(failure);
  });
});

describe("invariantResponse", () => {
  it("throws the given response when the value is missing, and nothing when it is there", () => {
    expect(() => invariantResponse(null, "Run not found", { status: 404 })).toThrow(Response);
    expect(() => invariantResponse({ id: 1 }, "Run not found", { status: 404 })).not.toThrow();
  });
});

describe("nullWhenNotFound", () => {
  it("answers null for NOT_FOUND, a Response with the API's status for another AppError, and lets anything else through", async () => {
    await expect(nullWhenNotFound(async () => "found")).resolves.toBe("found");
    await expect(nullWhenNotFound(() => Promise.reject(new AppError("NOT_FOUND", "Invitation not found.")))).resolves.toBeNull();
    const refused = await nullWhenNotFound(() => Promise.reject(new AppError("CONFLICT", "Taken."))).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(409);
    const outage = new Error("connection refused");
    await expect(nullWhenNotFound(() => Promise.reject(outage))).rejects.toBe(outage);
  });
});
