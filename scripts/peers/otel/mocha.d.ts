// The little of Mocha (which ships no types) that the peer runs use: its
// runner's events, the Node API's constructor and the browser build's global.
declare module 'mocha' {
  import type { MochaRunner } from './collect.js';

  interface MochaOptions {
    ui?: 'bdd';
    timeout?: number;
    grep?: RegExp;
    reporter?: new (runner: MochaRunner) => unknown;
  }

  export default class Mocha {
    constructor(options?: MochaOptions);
    suite: { emit(event: 'pre-require', context: object, file: string, mocha: Mocha): void };
    run(): MochaRunner;
  }
}
