import pino from "pino";

/**
 * Paths redacted from every log line: credentials must never reach the logs,
 * even when a whole request or config object is logged by mistake.
 */
export const redactPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.password",
  "*.token",
  "*.accessToken",
  "*.secret",
  "*.clientSecret",
  "*.apiKey",
  "*.kubeconfig",
  "*.connectionString",
  "*.databaseUrl",
];

export function createLogger(level: string) {
  return pino({ level, redact: { paths: redactPaths, censor: "[redacted]" } });
}

export type Logger = pino.Logger;

const registry = globalThis as typeof globalThis & { __assemblyLimeLogger?: Logger };

export function setLogger(logger: Logger) {
  registry.__assemblyLimeLogger = logger;
}

export function getLogger(): Logger {
  registry.__assemblyLimeLogger ??= createLogger("info");
  return registry.__assemblyLimeLogger;
}
