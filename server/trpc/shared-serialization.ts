import superjson from "superjson";

type Serialized = ReturnType<typeof superjson.serialize>;
const shared = new WeakMap<object, Serialized | null>();

/**
 * Marks a value that many streams send as it is (a topic feed's batch of
 * rows): its superjson form is made on the first send and reused by the rest,
 * so a batch costs one serialisation however many subscribers it goes to.
 * The value must not change afterwards.
 */
export function shareSerialization<T extends object>(value: T): T {
  if (!shared.has(value)) shared.set(value, null);
  return value;
}

/** superjson, except that a shared value is serialised once. */
export const outputTransformer = {
  serialize(value: unknown): Serialized {
    if (typeof value !== "object" || value === null || !shared.has(value)) return superjson.serialize(value);
    let serialized = shared.get(value);
    if (!serialized) shared.set(value, (serialized = superjson.serialize(value)));
    return serialized;
  },
  deserialize: superjson.deserialize.bind(superjson),
};
