/**
 * Invariant checks, on when the environment has LAGSIM_ASSERT=1 as the module loads
 * (`npm test` sets it). The flag is read once into a constant. The simulator's hot modules
 * copy it into a module constant of their own: in CommonJS output an imported binding is
 * a property load and test at each use. Call sites read `if (ASSERTS && broken) violated(…)`:
 * the message is built only when the invariant is broken. The browser lab has no
 * `process` and runs without checks.
 */
export const ASSERTS = typeof process !== 'undefined' && process.env.LAGSIM_ASSERT === '1';

/** A precondition or invariant of the simulator does not hold: a bug, never bad input. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

export function violated(message: string): never {
  throw new InvariantError(message);
}
