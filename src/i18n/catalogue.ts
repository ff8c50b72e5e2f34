type Merged<T extends object[]> = T extends [infer Head, ...infer Rest extends object[]] ? Head & Merged<Rest> : unknown;

/**
 * A language's catalogue from its parts, as `{ ...a, ...b, … }` would make it. Not written
 * as a spread: V8 builds an object literal of over a thousand keys spread from others about
 * fifteen times slower than Object.assign fills one (about 100 ms against 7 ms), and every
 * start of the CLI, of a worker thread and of a test process pays it.
 */
export function catalogue<T extends object[]>(...parts: T): Merged<T> {
  return Object.assign({}, ...parts) as Merged<T>;
}
