// The app's entry: installs the patch layer (React Native's promises and
// timers then carry context) and prints the trace with the host's print().
import { install } from 'taskcontext';
import { runTrace } from './trace';

install();
runTrace().then(
  (lines) => {
    for (const line of lines) globalThis.print(`TRACE ${line}`);
    globalThis.print('TRACE-DONE');
  },
  (error) => globalThis.print(`TRACE-ERROR ${String(error && error.stack ? error.stack : error)}`),
);
