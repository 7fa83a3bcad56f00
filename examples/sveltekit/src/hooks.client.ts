// Runs in the browser when the app starts: the patch layer carries context through timers, fetch and promises.
import 'taskcontext/auto';
