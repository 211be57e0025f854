import { DateTime } from "~/components/ui/date-time";

export type ConfigScan = {
  status: "queued" | "scanning" | "done" | "failed" | null;
  error: string | null;
  scannedAt: string | null;
};

/** Where a repository's config scan stands, in words; it follows the page's live data. */
export function ConfigScanState({ scan }: { scan: ConfigScan }) {
  return (
    <p aria-live="polite" data-testid="config-scan" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
      {scan.status === "queued" ? "Scanning… (waiting for a worker)" : null}
      {scan.status === "scanning" ? "Scanning… reading the default branch." : null}
      {scan.status === "failed" ? (
        <span className="text-red-700 dark:text-red-400">The last scan failed: {scan.error ?? "no reason given"}</span>
      ) : null}
      {scan.status === "done" || scan.status === "failed" || scan.status === null ? (
        scan.scannedAt ? (
          <>
            {scan.status === "failed" ? " " : null}Last scanned <DateTime value={scan.scannedAt} />.
          </>
        ) : scan.status === null ? (
          "Not scanned yet: Rescan configs reads the default branch."
        ) : null
      ) : null}
    </p>
  );
}
