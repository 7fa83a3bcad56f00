// Chains an input source map through the transform. The transform only
// inserts: every character of its input is in its output, in order, moved
// right by the text inserted before it. So the input map needs no second map
// to be composed with: each of its segments moves, as its character did, and
// keeps its original position. (No dependency: a base64 VLQ codec is enough.)

/** A source map, version 3 (not an index map). */
export interface SourceMapV3 {
  version: 3;
  file?: string;
  sourceRoot?: string;
  sources: (string | null)[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, i) => [char, i]));

/** Each line's segments, as absolute numbers: [column, source, line, column, name?] or [column]. */
export type Segment = number[];

export function decode(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  // Source, line, column and name are relative to the previous segment across lines.
  const state = [0, 0, 0, 0, 0];
  for (const line of mappings.split(';')) {
    const segments: Segment[] = [];
    state[0] = 0;
    for (const text of line.split(',')) {
      if (text === '') continue;
      const segment: Segment = [];
      let value = 0;
      let shift = 0;
      for (const char of text) {
        const digit = DIGIT.get(char);
        if (digit === undefined) throw new Error(`invalid source map mappings: ${JSON.stringify(char)}`);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
          continue;
        }
        const field = segment.length;
        state[field]! += value & 1 ? -(value >>> 1) : value >>> 1;
        segment.push(state[field]!);
        value = 0;
        shift = 0;
      }
      segments.push(segment);
    }
    lines.push(segments);
  }
  return lines;
}

function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let text = '';
  do {
    const digit = rest & 31;
    rest >>>= 5;
    text += BASE64[rest > 0 ? digit | 32 : digit];
  } while (rest > 0);
  return text;
}

export function encode(lines: readonly Segment[][]): string {
  const state = [0, 0, 0, 0, 0];
  return lines
    .map((segments) => {
      state[0] = 0;
      return segments
        .map((segment) =>
          segment
            .map((value, field) => {
              const text = vlq(value - state[field]!);
              state[field] = value;
              return text;
            })
            .join(''),
        )
        .join(',');
    })
    .join(';');
}

/** The offset each line of `text` starts at. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The last index of `sorted` whose value is at most `value` (sorted ascending; 0 when none is). */
export function lastAtMost(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * `map` (from `input` to its sources) moved onto `output`, which is `input`
 * with `insertions` made (each text goes in before the character at `at`).
 */
export function chainMap(map: SourceMapV3, input: string, output: string, insertions: readonly { at: number; text: string }[]): SourceMapV3 {
  // Offsets where text went in, and how much text went in up to each.
  const inserted = new Map<number, number>();
  for (const { at, text } of insertions) inserted.set(at, (inserted.get(at) ?? 0) + text.length);
  const offsets = [-1, ...[...inserted.keys()].sort((a, b) => a - b)];
  const totals = [0];
  for (const at of offsets.slice(1)) totals.push(totals.at(-1)! + inserted.get(at)!);

  const inputLines = lineStarts(input);
  const outputLines = lineStarts(output);
  const moved: Segment[][] = outputLines.map(() => []);
  decode(map.mappings).forEach((segments, line) => {
    if (line >= inputLines.length) return;
    for (const [column, ...rest] of segments) {
      const from = inputLines[line]! + column!;
      const to = from + totals[lastAtMost(offsets, from)]!;
      const outLine = lastAtMost(outputLines, to);
      moved[outLine]!.push([to - outputLines[outLine]!, ...rest]);
    }
  });
  const { version, file, sourceRoot, sources, sourcesContent, names } = map;
  return {
    version,
    ...(file === undefined ? {} : { file }),
    ...(sourceRoot === undefined ? {} : { sourceRoot }),
    sources,
    ...(sourcesContent === undefined ? {} : { sourcesContent }),
    names,
    mappings: encode(moved),
  };
}
