import { createRequire } from 'node:module';
import type { createUnplugin } from 'unplugin';
import type { TransformTools } from './transform-module.js';

// The plugin's own dependencies are optional peer dependencies of the
// package: an app that only uses the runtime never installs them. They are
// loaded when a plugin is created, so a missing one is reported then, by name.

export interface PluginTools extends TransformTools {
  createUnplugin: typeof createUnplugin;
}

/** Which peers a caller needs: the transform alone (the loader), or unplugin too (the plugins). */
const TRANSFORM_PEERS = ['magic-string', 'oxc-parser'] as const;
const PLUGIN_PEERS = ['unplugin', ...TRANSFORM_PEERS] as const;

let tools: PluginTools | undefined;
let transformTools: TransformTools | undefined;

/** Throws an error naming `entry` and the peers it lacks, with the line that installs them. */
function requirePeers(entry: string, peers: readonly string[]): ReturnType<typeof createRequire> {
  const require = createRequire(import.meta.url);
  const missing = peers.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(`${entry} needs ${missing.join(', ')}: install with \`npm install --save-dev ${missing.join(' ')}\``);
  }
  return require;
}

/** What a transform needs (`entry`, `taskcontext/loader`…, names the subpath in the error about a missing one). */
export function loadTransformTools(entry: string): TransformTools {
  if (transformTools) return transformTools;
  const require = requirePeers(entry, TRANSFORM_PEERS);
  const magicString = require('magic-string') as typeof import('magic-string');
  const oxc = require('oxc-parser') as typeof import('oxc-parser');
  transformTools = { MagicString: magicString.default, parseSync: oxc.parseSync };
  return transformTools;
}

export function loadPluginTools(plugin: string): PluginTools {
  if (tools) return tools;
  const require = requirePeers(plugin, PLUGIN_PEERS);
  const unplugin = require('unplugin') as typeof import('unplugin');
  tools = { createUnplugin: unplugin.createUnplugin, ...loadTransformTools(plugin) };
  return tools;
}
