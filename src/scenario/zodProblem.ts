import { Msg, renderMsg } from '../i18n/problem';

/**
 * How a problem travels through zod: on its issue, as `params.problem`, next to the English
 * message zod wants (so a library user parsing with our schemas still reads sentences).
 * zod copies every own field of an issue into the error it reports, so an error map or a
 * check's `error` function that sets `params` on the issue it is handed has the problem
 * arrive in `error.issues`; load.ts's describeIssue takes it from there.
 */
export interface ProblemParams {
  params?: { problem?: Msg };
}

/** A custom issue carrying `m`, for ctx.addIssue in transforms. */
export function issueOf(m: Msg): { code: 'custom'; message: string; params: { problem: Msg } } {
  return { code: 'custom', message: renderMsg('en', m), params: { problem: m } };
}

/** Sets `m` on the issue zod is finalizing and returns its English message. */
export function attach(issue: ProblemParams, m: Msg): string {
  issue.params = { ...issue.params, problem: m };
  return renderMsg('en', m);
}

/** A check's `error` option that reports `make(issue)`. */
export function says(make: (issue: { input?: unknown }) => Msg): { error: (issue: object) => string } {
  return { error: (issue) => attach(issue as ProblemParams, make(issue as { input?: unknown })) };
}

/** The problem an issue carries, if one does. */
export function problemOf(issue: ProblemParams): Msg | undefined {
  return issue.params?.problem;
}
