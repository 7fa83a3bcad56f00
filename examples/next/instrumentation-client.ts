// Runs in the browser before the app: the patch layer carries context through timers, fetch and promises.
import 'taskcontext/auto';
