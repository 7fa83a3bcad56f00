// Outcomes of test262 scenarios without the library, kept between runs: they
// depend only on the engine's version, the test and its harness, and running
// them again costs as much as the runs with the library. Only agreement is
// taken on trust: a scenario whose outcome with the library differs from its
// kept one is run again both ways (engines.ts). `--fresh` ignores the cache.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Outcome } from '../../test262/report.js';
import { codeOf, harnessFor, type Scenario } from '../../test262/tests.js';

export class BaselineCache {
  readonly #file: string;
  readonly #entries: Record<string, Outcome>;
  readonly #harness = new Map<string, string>();

  constructor(
    dir: string,
    engine: string,
    private readonly version: string,
    private readonly checkout: string,
    fresh: boolean,
  ) {
    this.#file = join(dir, `test262-baseline-${engine}.json`);
    this.#entries = !fresh && existsSync(this.#file) ? (JSON.parse(readFileSync(this.#file, 'utf8')) as Record<string, Outcome>) : {};
  }

  /** The engine's version, the code as it runs and every harness file's content. */
  key(scenario: Scenario): string {
    const hash = createHash('sha256').update(this.version).update('\0').update(codeOf(scenario.test.source, scenario));
    for (const name of harnessFor(scenario.test)) {
      let content = this.#harness.get(name);
      if (content === undefined) this.#harness.set(name, (content = readFileSync(join(this.checkout, 'harness', name), 'utf8')));
      hash.update('\0').update(name).update('\0').update(content);
    }
    return hash.digest('hex');
  }

  get(scenario: Scenario): Outcome | undefined {
    return this.#entries[this.key(scenario)];
  }

  /** Kept unless it timed out: a timeout says more about the machine's load than about the test. */
  set(scenario: Scenario, outcome: Outcome): void {
    if (!/timed out|hung|died/.test(outcome.reason ?? '')) this.#entries[this.key(scenario)] = outcome;
  }

  save(): void {
    writeFileSync(this.#file, JSON.stringify(this.#entries));
  }
}
