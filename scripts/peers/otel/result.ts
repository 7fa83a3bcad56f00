// What a run of a peer test file reports, from inside the runtime or page
// that ran it (a PEER-RESULT line on a server, window.__peerResult in a page).

export interface PeerTest {
  /** Mocha's full title; a second test of the same title gets " (2)". Hooks that failed are entries too. */
  title: string;
  state: 'passed' | 'failed' | 'pending';
  /** The first line or two of the error, for a failed test. */
  error?: string;
}

export interface PeerRun {
  /** Tests Mocha registered for the run (after the grep): each should have an entry. */
  total: number;
  tests: PeerTest[];
  /** Unhandled rejections and uncaught errors outside any test's verdict. */
  unhandled: string[];
  /** taskcontext's backend in our run (null in theirs): 'als' on a server, 'patch' in a page. */
  backend: string | null;
}
