// What node.ts and its workers (node-worker.ts) send each other.
import type { Outcome } from '../../test262/report.js';
import type { Negative } from '../../test262/tests.js';

/** Given to a worker on its command line. */
export interface WorkerInit {
  checkout: string;
  /** The library's UMD bundle (not installed on load: the worker picks the backend first). */
  library: string;
  /** Per job, for its synchronous part and for its $DONE. */
  timeoutMs: number;
}

/** One test file, in one scenario (strict or not), with or without the patch layer. */
export interface NodeJob {
  id: number;
  /** For stack traces: the path below test/. */
  name: string;
  /** The test's code as it runs (with the strict directive where the scenario is strict). */
  code: string;
  /** Harness files to run first, in order. */
  harness: string[];
  async: boolean;
  negative?: Negative;
  install: boolean;
}

export type WorkerMessage = { type: 'job'; job: NodeJob } | { type: 'ready' } | { type: 'outcome'; id: number; outcome: Outcome };
