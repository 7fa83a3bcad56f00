import { decode, encode, type SourceMapV3 } from './chain-map.js';
import type { OriginalPositions } from './original-positions.js';

/**
 * A map that the next transformer wrote from its output back to ours,
 * pointed at the module as written instead: each segment's original place
 * moves back through `positions`, and the module's text replaces ours as
 * its content. Only the module's own source is moved (a map may name others).
 */
export function unshiftMap(map: SourceMapV3, positions: OriginalPositions, path: string, original: string): SourceMapV3 {
  const own = map.sources.length === 1 ? 0 : map.sources.findIndex((source) => source !== null && path.endsWith(source.replace(/^(?:\.\.?\/)+/, '')));
  const lines = decode(map.mappings).map((segments) =>
    segments.map((segment) => {
      if (segment.length < 4 || segment[1] !== own) return segment;
      const { line, column } = positions.place({ line: segment[2]! + 1, column: segment[3]! });
      return [segment[0]!, segment[1]!, line - 1, column, ...segment.slice(4)];
    }),
  );
  const sourcesContent = map.sourcesContent && own >= 0 ? map.sourcesContent.map((content, i) => (i === own ? original : content)) : map.sourcesContent;
  return { ...map, mappings: encode(lines), ...(sourcesContent === undefined ? {} : { sourcesContent }) };
}
