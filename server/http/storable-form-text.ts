import type { Request, RequestHandler } from "express";
import { cleanRequestInput } from "../trpc/clean-input";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** A form's fields by name (a repeated name as a list, a file by its name), as cleanRequestInput walks them. */
async function fieldsOf(req: Request, body: Buffer) {
  const form = await new Response(new Uint8Array(body), {
    headers: { "content-type": req.headers["content-type"] ?? "" },
  }).formData();
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of form) {
    const text = typeof value === "string" ? value : value.name;
    const seen = fields[name];
    fields[name] = seen === undefined ? text : [...(Array.isArray(seen) ? seen : [seen]), text];
  }
  return fields;
}

/**
 * The form posts every Remix action reads get the cleaning every tRPC
 * procedure's input gets (cleanRequestInput), here rather than in each action:
 * a field with a NUL byte is refused with 400 naming it, in the `fieldErrors`
 * shape the forms show. Lone surrogates need no replacing: a body is UTF-8
 * bytes, which cannot carry one, and decoding it turns invalid bytes into
 * U+FFFD. A body that is no form despite its Content-Type is refused with 400
 * rather than failing the action. `req.body` is the (decoded) buffer withBodyLimit read.
 */
export function withStorableFormText(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || !req.is(FORM_TYPES)) return handler(req, res, next);
    fieldsOf(req, body)
      .then(
        (fields) => {
          const cleaned = cleanRequestInput(fields);
          if (!("error" in cleaned)) return handler(req, res, next);
          const fieldErrors: Record<string, string[]> = {};
          for (const issue of cleaned.error.issues) (fieldErrors[issue.path] ??= []).push(issue.message);
          res.status(400).json({ fieldErrors });
        },
        () => res.status(400).type("text/plain").send("Malformed form body."),
      )
      .catch(next);
  };
}
