// Source maps of code that was only inserted into. The await rewrite adds
// text inside lines, never line breaks, so the map of the code it started from
// stays right once every generated column is moved past what was inserted
// before it on its line. Only the first field of each segment (the generated
// column, relative within a line) changes; the others are relative to the
// previous segment whatever its column, so they are copied as they are.

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE_OF = new Map([...DIGITS].map((digit, i) => [digit, i]));

function decode(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const digit of segment) {
    const bits = VALUE_OF.get(digit);
    if (bits === undefined) throw new Error(`invalid source map segment '${segment}'`);
    value += (bits & 31) * 2 ** shift;
    if (bits & 32) {
      shift += 5;
      continue;
    }
    values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  return values;
}

function encode(values: readonly number[]): string {
  let out = '';
  for (const value of values) {
    let rest = value < 0 ? -value * 2 + 1 : value * 2;
    do {
      let bits = rest % 32;
      rest = Math.floor(rest / 32);
      if (rest > 0) bits += 32;
      out += DIGITS[bits];
    } while (rest > 0);
  }
  return out;
}

/** An insertion of `length` characters before `column` of `line` (both 0-based). */
export interface InsertedText {
  line: number;
  column: number;
  length: number;
}

/** `mappings` (a source map's field) for the code after `insertions`. */
export function shiftMappings(mappings: string, insertions: readonly InsertedText[]): string {
  const byLine = new Map<number, InsertedText[]>();
  for (const insertion of insertions) {
    const list = byLine.get(insertion.line) ?? [];
    list.push(insertion);
    byLine.set(insertion.line, list);
  }
  return mappings
    .split(';')
    .map((line, index) => {
      const inserted = byLine.get(index);
      if (!inserted || line === '') return line;
      let column = 0;
      let shiftedColumn = 0;
      return line
        .split(',')
        .map((segment) => {
          const values = decode(segment);
          column += values[0]!;
          // Text inserted at a column goes before what was there: it moves too.
          const moved = column + inserted.reduce((sum, i) => (i.column <= column ? sum + i.length : sum), 0);
          values[0] = moved - shiftedColumn;
          shiftedColumn = moved;
          return encode(values);
        })
        .join(',');
    })
    .join(';');
}
