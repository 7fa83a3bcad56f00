import { it } from 'vitest';
import { EventTarget as NodeET } from 'node:events';
it('probe', async () => {
  const g = globalThis as any;
  let p: any = document; let last: any; while (p) { if (Object.prototype.hasOwnProperty.call(p,'addEventListener')) last = p; p = Object.getPrototypeOf(p); }
  console.log('doc ET proto === global ET proto', last === g.EventTarget.prototype, 'NodeET', NodeET === g.EventTarget);
  const mc = new g.MessageChannel();
  let q = mc.port1, c: string[] = []; while (q) { c.push(q.constructor.name + (Object.prototype.hasOwnProperty.call(q,'addEventListener')?'*':'') + (q === g.EventTarget.prototype ? '(globalET)' : '')); q = Object.getPrototypeOf(q); }
  console.log('port chain', c.join(' > '));
  mc.port1.close();
  const bc = new g.BroadcastChannel('x'); q = bc; c = []; while (q) { c.push(q.constructor.name + (Object.prototype.hasOwnProperty.call(q,'addEventListener')?'*':'') + (q === g.EventTarget.prototype ? '(globalET)' : '')); q = Object.getPrototypeOf(q); }
  console.log('bc chain', c.join(' > ')); bc.close();
  console.log('setTimeout', String(g.setTimeout).slice(0,200));
  const h = setTimeout(() => {}, 10); console.log('handle', typeof h, h); clearTimeout(h);
  console.log('raf', String(g.requestAnimationFrame).slice(0,300), 'own', Object.getOwnPropertyDescriptor(g, 'requestAnimationFrame'));
  console.log('setTimeout desc', Object.getOwnPropertyDescriptor(g, 'setTimeout'));
  console.log('queueMicrotask desc', Object.getOwnPropertyDescriptor(g, 'queueMicrotask'));
  console.log('MO desc', Object.getOwnPropertyDescriptor(g, 'MutationObserver'));
  console.log('location', String(g.location));
  const ac = new AbortController(); q = ac.signal; c = []; while (q) { c.push(q.constructor.name + (Object.prototype.hasOwnProperty.call(q,'addEventListener')?'*':'') + (q === g.EventTarget.prototype ? '(globalET)' : '')); q = Object.getPrototypeOf(q); }
  console.log('signal chain', c.join(' > '));
  console.log('perf entry types', g.PerformanceObserver.supportedEntryTypes);
});
