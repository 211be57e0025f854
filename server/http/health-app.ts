import express from "express";
import type { Readiness } from "../runtime";

/** `/healthz` while the process is up; `/readyz` 200 once every part of the runtime is, else 503. */
export function healthRoutes(readiness: Readiness) {
  const routes = express.Router();
  routes.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  routes.get("/readyz", (_req, res) => {
    const ready = Object.values(readiness).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "starting", ...readiness });
  });
  return routes;
}

/**
 * What a ROLE=worker process serves: only /healthz and /readyz (the same answers
 * as the web app's), so Kubernetes probes worker pods the way it probes web pods
 * — an exec probe could only tell that the process exists, not that it is ready.
 */
export function createHealthApp(readiness: Readiness) {
  const app = express();
  app.disable("x-powered-by");
  app.use(healthRoutes(readiness));
  app.use((_req, res) => {
    res.status(404).type("text/plain").send("This is a worker: it serves only /healthz and /readyz.");
  });
  return app;
}
