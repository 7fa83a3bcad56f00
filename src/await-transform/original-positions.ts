// From a place in the transformed code back to the same place in the code as
// it came in. Metro and Jest hand our output to Babel, which reports places
// (AST locations, source maps) in the text it was given: those are moved back
// here, so that maps, stack traces and Metro's function maps name the user's
// own lines and columns. The transform only inserts, so every character of
// the input is in the output; a place inside inserted text maps to the
// character it was inserted before.

import { lastAtMost } from './chain-map.js';

/** A place as Babel writes it: 1-based line, 0-based column (UTF-16 units). */
export interface LineColumn {
  line: number;
  column: number;
}

/** Line breaks as Babel counts them (ECMAScript's LineTerminatorSequence). */
const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/g;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
  return starts;
}


export interface OriginalPositions {
  /** The input offset of output offset `offset`. */
  offset(offset: number): number;
  /** The input place of output place `place` (a place past a line's end stays on that line). */
  place(place: LineColumn): LineColumn;
}

/** Maps places in `output` (`input` with `insertions` made, each before the character at `at`) back to `input`. */
export function originalPositions(input: string, output: string, insertions: readonly { at: number; text: string }[]): OriginalPositions {
  const inserted = new Map<number, number>();
  for (const { at, text } of insertions) inserted.set(at, (inserted.get(at) ?? 0) + text.length);
  const points = [...inserted.keys()].sort((a, b) => a - b);
  // For each insertion point: where its text starts in the output, and the text inserted up to and including it.
  const outputStarts: number[] = [];
  const totals: number[] = [];
  let total = 0;
  for (const at of points) {
    outputStarts.push(at + total);
    total += inserted.get(at)!;
    totals.push(total);
  }
  const inputLines = lineStarts(input);
  const outputLines = lineStarts(output);

  const offset = (out: number): number => {
    if (outputStarts.length === 0 || out < outputStarts[0]!) return out;
    const k = lastAtMost(outputStarts, out);
    const at = points[k]!;
    // Inside the inserted text: the character it went in before.
    return out < at + totals[k]! ? at : out - totals[k]!;
  };
  return {
    offset,
    place({ line, column }) {
      const lineStart = outputLines[Math.min(Math.max(line - 1, 0), outputLines.length - 1)]!;
      const from = offset(lineStart + column);
      const inputLine = lastAtMost(inputLines, from);
      return { line: inputLine + 1, column: from - inputLines[inputLine]! };
    },
  };
}
