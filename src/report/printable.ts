/**
 * Text for a terminal. Scenario titles, names and values are written by whoever wrote the
 * scenario and can hold anything; printed raw, an escape sequence would act on the reader's
 * terminal (OSC 52 writes the clipboard, `ESC[2K` + CR forges a status line, a newline a
 * whole fake line). Every control character — C0, DEL, C1, line and paragraph separators,
 * bidirectional overrides — is shown as its JSON escape instead (`\n`, `\u001b`), so text
 * that is already JSON keeps its meaning and text without controls is unchanged.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(c: string): string {
  return SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line for a terminal: every control character escaped, newlines included. */
export function printable(text: string): string {
  return text.replace(CONTROLS, escape);
}

/** Lines lagsim laid out itself (a table, a report): controls escaped, its own newlines kept. */
export function printableLines(text: string): string {
  return text.replace(CONTROLS_BUT_NEWLINE, escape);
}
