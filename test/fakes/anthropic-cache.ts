import { createHash } from "node:crypto";
import { asArray, asRecord } from "./model-script";

/**
 * Anthropic's prompt cache, as the prompt-caching docs describe it, so the
 * provider's breakpoints can be tested for what they save:
 * - the prompt is read as one prefix in the order tools → system → messages, one
 *   segment per tool, system block and message content block;
 * - a block with `cache_control: {type:"ephemeral"}` is a breakpoint (at most 4 a
 *   request, else a 400); the prefix up to and including it is written to the
 *   cache when it is at least the model's minimum cacheable length;
 * - a request reads the longest cached prefix that ends at one of its breakpoints
 *   or at one of the 20 block boundaries before each (so a breakpoint that moves
 *   to the newest message still finds last turn's prefix); a read refreshes the
 *   entry's 5-minute TTL;
 * - usage: `cache_read_input_tokens` (the prefix read), `cache_creation_input_tokens`
 *   (from there to the last breakpoint written), `input_tokens` (everything else).
 * Tokens are estimated as characters / 4 of each segment's JSON, the same
 * estimate the fake uses for prompts without breakpoints.
 */
export type CacheUsage = { input_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number };

export const CACHE_TTL_MS = 5 * 60_000;
const MAX_BREAKPOINTS = 4;
const LOOKBACK_BLOCKS = 20;

/** Minimum cacheable prompt length by model family. */
export function minimumCacheableTokens(model: string) {
  return model.includes("haiku") ? 2048 : 1024;
}

type Segment = { tokens: number; breakpoint: boolean; hash: string; cumulative: number };

export class PromptCache {
  /** Prefix hash → when it expires. */
  readonly #entries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  clear() {
    this.#entries.clear();
  }

  /** Every input token of the request, as the fake estimates them. */
  static promptTokens(body: Record<string, unknown>) {
    return segmentsOf(body).at(-1)?.cumulative ?? 0;
  }

  /** What is wrong with the request's breakpoints, if anything (the API answers it with a 400). */
  static problem(body: Record<string, unknown>) {
    const found = segmentsOf(body).filter((segment) => segment.breakpoint).length;
    if (found > MAX_BREAKPOINTS)
      return `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${found}.`;
    return undefined;
  }

  /** Reads and writes the cache for one request and says how its input tokens split. */
  account(body: Record<string, unknown>, model: string): CacheUsage {
    const segments = segmentsOf(body);
    const total = segments.at(-1)?.cumulative ?? 0;
    const breakpoints = segments.flatMap((segment, index) => (segment.breakpoint ? [index] : []));
    const now = this.now();

    let readAt = -1;
    for (const breakpoint of breakpoints) {
      for (let index = breakpoint; index >= Math.max(0, breakpoint - LOOKBACK_BLOCKS); index--) {
        const expires = this.#entries.get(segments[index]!.hash);
        if (expires !== undefined && expires > now && index > readAt) readAt = index;
      }
    }
    if (readAt >= 0) this.#entries.set(segments[readAt]!.hash, now + CACHE_TTL_MS);
    const read = readAt >= 0 ? segments[readAt]!.cumulative : 0;

    let writtenTo = read;
    for (const breakpoint of breakpoints) {
      const segment = segments[breakpoint]!;
      if (breakpoint <= readAt || segment.cumulative < minimumCacheableTokens(model)) continue;
      this.#entries.set(segment.hash, now + CACHE_TTL_MS);
      writtenTo = Math.max(writtenTo, segment.cumulative);
    }
    return {
      input_tokens: total - writtenTo,
      cache_creation_input_tokens: writtenTo - read,
      cache_read_input_tokens: read,
    };
  }
}

function segmentsOf(body: Record<string, unknown>): Segment[] {
  const blocks: Array<{ value: unknown; breakpoint: boolean }> = [];
  const add = (value: unknown) => {
    const record = asRecord(value);
    const { cache_control: cacheControl, ...rest } = record ?? {};
    blocks.push({ value: record ? rest : value, breakpoint: asRecord(cacheControl)?.type === "ephemeral" });
  };
  for (const tool of asArray(body.tools)) add(tool);
  if (typeof body.system === "string") add(body.system);
  else for (const block of asArray(body.system)) add(block);
  for (const item of asArray(body.messages)) {
    const message = asRecord(item) ?? {};
    // The role starts each message's first block, so the same text under another role is another prefix.
    blocks.push({ value: `role:${String(message.role)}`, breakpoint: false });
    if (typeof message.content === "string") add(message.content);
    else for (const block of asArray(message.content)) add(block);
  }

  const hash = createHash("sha256").update(String(body.model));
  let cumulative = 0;
  return blocks.map((block) => {
    const json = JSON.stringify(block.value) ?? "";
    hash.update(json);
    const tokens = blockTokens(block.value, json);
    cumulative += tokens;
    return { tokens, breakpoint: block.breakpoint, hash: hash.copy().digest("hex"), cumulative };
  });
}

/**
 * Characters / 4, except images: Anthropic counts an image by its size in pixels (width × height / 750,
 * at most ~1,600 tokens once it is scaled to 1.15 megapixels), not by its base64 length.
 */
const IMAGE_TOKENS = 1_600;

function blockTokens(value: unknown, json: string) {
  if (asRecord(value)?.type === "image") return IMAGE_TOKENS;
  return Math.ceil(json.length / 4);
}
