import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

// Builds examples/react-native with the real Metro, as `metro build` would
// for a React Native app on Hermes 0.12 (transform profile 'default': classes
// lowered), once with the app's metro.config.js (taskcontext/metro before
// React Native's transformer) and once with React Native's transformer alone.
// Each build has its own empty cache, so that no result of an earlier build
// (of an older dist/) is reused.

const require = createRequire(import.meta.url);
export const root = join(import.meta.dirname, '..', '..');
export const appRoot = join(root, 'examples', 'react-native');

type MetroModule = typeof import('metro');

export interface MetroBundle {
  code: string;
  map: string;
}

/** The app's node_modules/taskcontext: this repository, as `npm install ../..` links it. */
function linkPackage(): void {
  const link = join(appRoot, 'node_modules', 'taskcontext');
  if (existsSync(link)) return;
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(relative(dirname(link), root), link, 'junction');
}

/** Builds the app: `withTransform` false replaces taskcontext/metro with the transformer it hands on to. */
export async function buildApp(withTransform: boolean): Promise<MetroBundle> {
  const Metro = require('metro') as MetroModule;
  const { FileStore } = require('metro-cache') as typeof import('metro-cache');
  linkPackage();
  const cacheRoot = mkdtempSync(join(tmpdir(), 'taskcontext-metro-'));
  try {
    const loaded = await Metro.loadConfig({ config: join(appRoot, 'metro.config.js'), cwd: appRoot });
    const config = Metro.mergeConfig(loaded, {
      projectRoot: appRoot,
      // The package's real place (node_modules/taskcontext links to it): its built dist/.
      watchFolders: [root],
      cacheStores: [new FileStore({ root: cacheRoot })],
      maxWorkers: 1,
      reporter: { update: () => {} },
      ...(withTransform ? {} : { transformer: { ...loaded.transformer, babelTransformerPath: require.resolve('@react-native/metro-babel-transformer') } }),
    });
    const result = await Metro.runBuild(config, {
      entry: join(appRoot, 'index.js'),
      dev: false,
      minify: false,
      platform: 'android',
      sourceMap: true,
      unstable_transformProfile: 'default',
    });
    return { code: result.code, map: result.map };
  } finally {
    rmSync(cacheRoot, { recursive: true, force: true });
  }
}
