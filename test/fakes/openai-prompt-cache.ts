/**
 * OpenAI's automatic prompt caching, simply: a prompt of at least 1024 tokens
 * reuses the longest prefix it shares with the previous prompt sent under the
 * same `prompt_cache_key` (or model, without one), counted in 128-token steps
 * from 1024 up. Tokens are four characters, as the fakes estimate them.
 */
export class PromptCache {
  readonly #last = new Map<string, string>();

  /** The `cached_tokens` of a prompt (its canonical text), and remembers it for the next request. */
  cachedTokens(key: string, prompt: string, promptTokens: number): number {
    const previous = this.#last.get(key);
    this.#last.set(key, prompt);
    if (previous === undefined || promptTokens < 1024) return 0;
    let same = 0;
    while (same < previous.length && same < prompt.length && previous[same] === prompt[same]) same++;
    const matched = Math.min(Math.floor(same / 4), promptTokens);
    if (matched < 1024) return 0;
    return 1024 + Math.floor((matched - 1024) / 128) * 128;
  }

  clear(): void {
    this.#last.clear();
  }
}
