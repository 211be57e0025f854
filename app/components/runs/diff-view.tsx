import { parsePatch } from "diff";
import { useMemo, useState } from "react";

type Line = { kind: "add" | "del" | "ctx" | "meta"; text: string; oldNo?: number; newNo?: number };

/** Parses a unified diff (one or many files) into rows with old/new line numbers. */
function toFiles(patch: string) {
  return parsePatch(patch).map((file) => {
    const name = (file.newFileName && file.newFileName !== "/dev/null" ? file.newFileName : (file.oldFileName ?? "")).replace(
      /^[ab]\//,
      "",
    );
    const lines: Line[] = [];
    for (const hunk of file.hunks) {
      lines.push({ kind: "meta", text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@` });
      let oldNo = hunk.oldStart;
      let newNo = hunk.newStart;
      for (const raw of hunk.lines) {
        if (raw.startsWith("\\")) continue; // "\ No newline at end of file"
        const text = raw.slice(1);
        if (raw.startsWith("+")) lines.push({ kind: "add", text, newNo: newNo++ });
        else if (raw.startsWith("-")) lines.push({ kind: "del", text, oldNo: oldNo++ });
        else lines.push({ kind: "ctx", text, oldNo: oldNo++, newNo: newNo++ });
      }
    }
    const binary = lines.length === 0;
    return { name, lines, binary };
  });
}

const ROW: Record<Line["kind"], string> = {
  add: "bg-lime-50 dark:bg-lime-950/40",
  del: "bg-red-50 dark:bg-red-950/40",
  ctx: "",
  meta: "bg-sky-50 text-sky-700 dark:bg-sky-950/40 dark:text-sky-300",
};
const SIGN: Record<Line["kind"], string> = { add: "+", del: "-", ctx: " ", meta: "" };

/** A unified diff view: one collapsible card per file, line numbers on both sides, additions and deletions coloured. */
export function DiffView({ patch }: { patch: string }) {
  const files = useMemo(() => toFiles(patch), [patch]);
  if (!patch.trim()) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No changes.</p>;
  return (
    <div className="flex flex-col gap-3" data-testid="diff-view">
      {files.map((file) => (
        <DiffFile key={file.name} file={file} />
      ))}
    </div>
  );
}

function DiffFile({ file }: { file: ReturnType<typeof toFiles>[number] }) {
  const [open, setOpen] = useState(true);
  const additions = file.lines.filter((line) => line.kind === "add").length;
  const deletions = file.lines.filter((line) => line.kind === "del").length;
  return (
    <div className="overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        className="flex w-full items-center justify-between bg-zinc-50 px-3 py-1.5 text-left font-mono text-xs dark:bg-zinc-900"
      >
        <span data-testid="diff-file">{file.name}</span>
        <span>
          <span className="text-lime-700 dark:text-lime-400">+{additions}</span>{" "}
          <span className="text-red-700 dark:text-red-400">-{deletions}</span>
        </span>
      </button>
      {open ? (
        file.binary ? (
          <p className="px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">Binary file or mode change only.</p>
        ) : (
          <table className="w-full border-collapse font-mono text-xs">
            <tbody>
              {file.lines.map((line, index) => (
                <tr key={index} className={ROW[line.kind]} data-kind={line.kind}>
                  <td className="w-10 select-none px-2 text-right text-zinc-600 dark:text-zinc-400">{line.oldNo ?? ""}</td>
                  <td className="w-10 select-none px-2 text-right text-zinc-600 dark:text-zinc-400">{line.newNo ?? ""}</td>
                  <td className="whitespace-pre-wrap break-all px-2">
                    <span className="select-none text-zinc-600 dark:text-zinc-400">{SIGN[line.kind]}</span>
                    {line.text}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </div>
  );
}
