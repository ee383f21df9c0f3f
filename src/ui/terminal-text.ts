/**
 * @module Text from the network, made safe to print to a terminal. A WebSocket frame, a close reason or an HTTP
 * answer comes from whoever runs the server (or from anyone else in a chat): printed as it came, its escape
 * sequences would drive the learner's terminal (clear the screen, rewrite earlier lines, set the window title,
 * write to the clipboard with OSC 52, hide text) and `\r` or bidirectional overrides would make a line read as
 * something it is not. Every such character is shown as a visible escape instead (`\u001b`); newlines and tabs stay.
 * @see https://invisible-island.net/xterm/ctlseqs/ctlseqs.html
 */

/** C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-character CSI), bidi controls. */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

const escape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`

/** `text` with every character that would steer the terminal shown as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape)
}

/** One line of `text`: newlines and tabs escaped as well (a table cell, a status line). */
export function printableLine(text: string): string {
  return printable(text).replace(/[\n\t]/g, escape)
}
