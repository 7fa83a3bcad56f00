// Browser only (.client): the patch layer carries context through timers, fetch and promises.
import { install } from 'taskcontext';

export default defineNuxtPlugin({ name: 'taskcontext', enforce: 'pre', setup: () => void install() });
