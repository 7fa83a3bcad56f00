import { it } from 'vitest';
import './setup-patch.js';
import { install, uninstall } from '../../src/index.js';
import { inFrame, seen, sleep } from './frames.js';
import http from 'node:http';
it('probe', async () => {
  const desc0 = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'onclick')!;
  install();
  const desc1 = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'onclick')!;
  console.log('accessor names', desc0.get!.name, desc0.get!.length, desc1.get!.name, desc0.set!.name, desc0.set!.length, desc1.set!.name, desc1.set!.length);
  const el = document.createElement('div');
  const fn = () => { console.log('onclick sees', seen()); };
  inFrame('A', () => { el.onclick = fn; });
  inFrame('C', () => el.click());
  console.log('getter===', el.onclick === fn);
  // thenable
  const thenable = { then(res: (v: string) => void) { res('thenable then saw ' + seen()); } };
  await inFrame('A', () => Promise.resolve(thenable).then((v) => console.log(v, '| cb saw', seen())));
  // messaging
  const mc = new MessageChannel();
  await new Promise<void>((r) => { inFrame('A', () => mc.port1.addEventListener('message', () => { console.log('port listener saw', seen()); r(); })); mc.port1.start(); inFrame('B', () => mc.port2.postMessage(1)); });
  mc.port1.close();
  await new Promise<void>((r) => { inFrame('A', () => window.addEventListener('message', () => { console.log('window message saw', seen()); r(); }, { once: true })); inFrame('B', () => window.postMessage('x', '*')); });
  // timers this
  await new Promise<void>((r) => inFrame('A', () => setTimeout(function (this: unknown) { console.log('timer this', (this as object)?.constructor?.name, seen()); r(); })));
  uninstall();
  console.log('after uninstall getter===', el.onclick === fn, typeof el.onclick);
  // XHR
  const server = http.createServer((req, res) => { res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' }); res.end('ok'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as any).port;
  install({ events: 'dispatch' });
  await new Promise<void>((r) => {
    const xhr = new XMLHttpRequest();
    inFrame('A', () => { xhr.addEventListener('readystatechange', () => console.log('rsc', xhr.readyState, seen())); xhr.addEventListener('load', () => { console.log('xhr load saw', seen(), xhr.status, xhr.responseText); r(); }); xhr.addEventListener('error', (e) => { console.log('xhr error', e); r(); }); });
    inFrame('O', () => xhr.open('GET', `http://127.0.0.1:${port}/`));
    inFrame('B', () => xhr.send());
  });
  uninstall();
  server.close();
  await sleep(1);
});
