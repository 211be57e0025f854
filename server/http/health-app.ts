import express from "express";
import type { Readiness } from "../runtime";

/**
 * What a ROLE=worker process serves: only /healthz and /readyz (the same answers
 * as the web app's), so Kubernetes probes worker pods the way it probes web pods
 * — an exec probe could only tell that the process exists, not that it is ready.
 */
export function createHealthApp(readiness: Readiness) {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", (_req, res) => {
    const ready = Object.values(readiness).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "starting", ...readiness });
  });
  app.use((_req, res) => {
    res.status(404).type("text/plain").send("This is a worker: it serves only /healthz and /readyz.");
  });
  return app;
}
