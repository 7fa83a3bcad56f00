import { it } from 'vitest';
import './setup-patch.js';
import { install, uninstall } from '../../src/index.js';
import { inFrame, seen, sleep } from './frames.js';
it('probe', async () => {
  console.log('performance same as node?', performance === (await import('node:perf_hooks')).performance, String(performance.mark).slice(0, 80));
  install();
  await new Promise<void>((r) => {
    const po = inFrame('A', () => new PerformanceObserver(function (this: unknown, list) { console.log('PO saw', seen(), this === po, list.getEntries().length); po.disconnect(); r(); }));
    po.observe({ entryTypes: ['mark'] });
    inFrame('B', () => performance.mark('m1'));
  });
  const mo = inFrame('A', () => new MutationObserver(function (this: unknown, recs, obs) { console.log('MO saw', seen(), this === mo, obs === mo, recs.length); }));
  const div = document.createElement('div'); mo.observe(div, { attributes: true });
  inFrame('B', () => div.setAttribute('x', '1'));
  await sleep(5);
  mo.disconnect();
  const el = document.createElement('div');
  el.onclick = function (this: unknown) { console.log('this', this); return false; } as any;
  const ev = new MouseEvent('click', { cancelable: true });
  console.log('dispatch returned', el.dispatchEvent(ev), ev.defaultPrevented);
  (el as any).onclick = 5; console.log('onclick after 5', el.onclick);
  uninstall();
  (el as any).onclick = 5; console.log('onclick after 5 unpatched', el.onclick);
  (el as any).onclick = 'x'; console.log('onclick after x unpatched', el.onclick);
  const x = new XMLHttpRequest(); console.log('xhr onload', x.onload, 'upload', typeof x.upload, x.upload && Object.getPrototypeOf(x.upload).constructor.name);
  try { (MutationObserver as any)(() => {}); } catch (e) { console.log('MO call err', (e as Error).constructor.name, (e as Error).message); }
  try { new (MutationObserver as any)(5); console.log('MO(5) ok'); } catch (e) { console.log('MO(5) err', (e as Error).constructor.name); }
});
