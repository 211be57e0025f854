// HTTP helpers every resource shares: JSON, text and HTML answers, request bodies, timestamps, avatars.
import { createHash } from "node:crypto";
import http from "node:http";
import { escapeHtml, htmlDocument } from "./pages";

export function now() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function compare(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A stable id for an account the fake was not told about (an organisation, a collaborator). */
export function syntheticId(login: string) {
  return 10_000_000 + (createHash("sha1").update(login.toLowerCase()).digest().readUInt32BE(0) % 10_000_000);
}

export function decode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

export function text(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(body);
}

/** `document`, when given, is a whole page from pages.ts; otherwise `body` is wrapped in one. */
export function html(res: http.ServerResponse, status: number, body: string, document?: string) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(document ?? htmlDocument("GitHub (fake)", body));
}

/** A generated avatar: an initial on a colour, like GitHub's identicons stand-in. */
export function avatar(name: string, res: http.ServerResponse) {
  const initial = escapeHtml((name[0] ?? "?").toUpperCase());
  res.writeHead(200, { "Content-Type": "image/svg+xml", "Cache-Control": "max-age=3600" });
  res.end(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#65a30d"/><text x="20" y="26" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">${initial}</text></svg>`,
  );
}

export function readBody(req: http.IncomingMessage) {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString()));
    req.on("error", reject);
  });
}

/** The JSON body as an object ({} when empty); null when it is not JSON. */
export async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown> | null> {
  const raw = await readBody(req);
  if (!raw.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
