import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldLabel, installHumanIssues } from "./human-issues";

installHumanIssues();

const messages = (schema: z.ZodType, input: unknown) =>
  schema.safeParse(input).error!.issues.map((issue) => `${issue.path.join(".")} → ${issue.message}`);

describe("human issue messages", () => {
  it("name the field and the limit instead of zod's comparison", () => {
    const schema = z.object({ columns: z.array(z.object({ name: z.string().min(1), wipLimit: z.number().int().max(999) })) });
    expect(messages(schema, { columns: [{ name: "", wipLimit: 1000 }] })).toEqual([
      "columns.0.name → Name is required",
      "columns.0.wipLimit → WIP limit must be 999 or less",
    ]);
  });

  it("say a missing value is required and a wrong one what it must be", () => {
    const schema = z.object({ monthlyLimitUsd: z.number().min(0), targetUrl: z.url(), kind: z.enum(["webhook", "script"]) });
    expect(messages(schema, { monthlyLimitUsd: "ten", targetUrl: "nope", kind: "cron" })).toEqual([
      "monthlyLimitUsd → Monthly budget must be a number",
      "targetUrl → Target URL must be a full web address, like https://example.com/hook",
      "kind → Kind must be one of: webhook, script",
    ]);
    expect(messages(schema, {})[0]).toBe("monthlyLimitUsd → Monthly budget is required");
  });

  it("keep a schema's own message and title", () => {
    const schema = z.object({
      repositoryIds: z.array(z.number()).min(1, "Pick at least one repository."),
      setId: z.number().meta({ title: "Env var set" }),
    });
    expect(messages(schema, { repositoryIds: [], setId: "x" })).toEqual([
      "repositoryIds → Pick at least one repository.",
      "setId → Env var set must be a number",
    ]);
  });

  it("turn keys into labels", () => {
    expect(fieldLabel(["scopeId"])).toBe("Scope");
    expect(fieldLabel(["columns", 2, "wipLimit"])).toBe("WIP limit");
    expect(fieldLabel([])).toBe("This value");
  });
});
