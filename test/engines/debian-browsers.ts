// Debian's browsers, as every driver here launches them: Playwright cannot
// download its own on this machine kind. Without the networking flags,
// Chromium's background connections are refused by the closed network.
export const chromiumPath = '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const firefoxPath = '/usr/bin/firefox-esr';
