import { createRequire } from 'node:module';
import type { createUnplugin } from 'unplugin';
import type { TransformTools } from './transform-module.js';

// The plugin's own dependencies are optional peer dependencies of the
// package: an app that only uses the runtime never installs them. They are
// loaded when a plugin is created, so a missing one is reported then, by name.

export interface PluginTools extends TransformTools {
  createUnplugin: typeof createUnplugin;
}

const PEERS = ['unplugin', 'magic-string', 'oxc-parser'] as const;

let tools: PluginTools | undefined;

export function loadPluginTools(plugin: string): PluginTools {
  if (tools) return tools;
  const require = createRequire(import.meta.url);
  const missing = PEERS.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(`${plugin} needs ${missing.join(', ')}: install with \`npm install --save-dev ${missing.map((name) => `${name}`).join(' ')}\``);
  }
  const unplugin = require('unplugin') as typeof import('unplugin');
  const magicString = require('magic-string') as typeof import('magic-string');
  const oxc = require('oxc-parser') as typeof import('oxc-parser');
  tools = { createUnplugin: unplugin.createUnplugin, MagicString: magicString.default, parseSync: oxc.parseSync };
  return tools;
}
