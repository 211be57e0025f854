export const dollars = (micro: number) => `$${(micro / 1_000_000).toFixed(2)}`;
