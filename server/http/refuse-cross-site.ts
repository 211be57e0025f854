import type { Request, RequestHandler } from "express";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function originOf(url: string) {
  try {
    return new URL(url).origin;
  } catch {
    return "null";
  }
}

/**
 * Whether a browser sent this from our own pages: the origin APP_URL names,
 * or the host the request itself was sent to. A cross-site form carries the
 * attacker's Origin but our Host, so matching Host cannot be forged by the
 * attacker; it keeps a deployment reached by another name (or a proxy on
 * another scheme) working. Scheme is compared only against APP_URL.
 */
function isOwnOrigin(req: Request, origin: string, appOrigin: string) {
  if (origin === appOrigin) return true;
  if (origin === "null") return false;
  return new URL(origin).host === req.headers.host?.toLowerCase();
}

/**
 * CSRF: a state-changing request (POST, PUT, PATCH, DELETE) from another
 * site — a foreign or `null` Origin, or without Origin a foreign Referer — is
 * refused with 403 before any route sees it. Requests with neither header
 * (API clients, curl) pass: a browser sends Origin on every cross-site POST.
 * Mounted after the machine endpoints that authenticate otherwise (tRPC, which
 * accepts only JSON bodies a cross-site form cannot send, and signed webhooks).
 */
export function refuseCrossSite(options: { appUrl: string; exempt?: string[] }): RequestHandler {
  const appOrigin = originOf(options.appUrl);
  return (req, res, next) => {
    if (!UNSAFE.has(req.method) || options.exempt?.some((prefix) => req.path.startsWith(prefix))) return next();
    const sent = req.headers.origin ?? req.headers.referer;
    if (sent === undefined || isOwnOrigin(req, originOf(sent), appOrigin)) return next();
    res.status(403).type("text/plain").send("Cross-site request refused.");
  };
}
