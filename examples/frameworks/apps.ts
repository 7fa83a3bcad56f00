import { join } from 'node:path';
import type { App } from './harness.js';

// The framework apps and how each is built and served. Every place listed
// must show the request's own id after its awaits; a place missing from the
// page, or shown but not listed, fails the run.

const dir = (name: string): string => join(import.meta.dirname, '..', name);

/**
 * The apps and modes issue #25 asks for: a full run fails when one is missing
 * from APPS (dropped, renamed), rather than passing with fewer checks.
 */
/** Folders of examples/ with a package.json that are not framework apps, and what runs each. */
export const NOT_APPS: Record<string, string> = {
  'react-native': 'test/node/react-native.test.ts (Metro, Hermes, QuickJS)',
};

export const REQUIRED: Record<string, string[]> = {
  next: ['build (Turbopack)', 'build --webpack'],
  sveltekit: ['build'],
  nuxt: ['build', 'dev'],
  astro: ['build', 'dev'],
  'react-router': ['build'],
};

/** A dev server compiles a page on its first request: on two busy cores that takes a while. */
const DEV_WARMUP = 240_000;

export const APPS: App[] = [
  {
    name: 'next',
    dir: dir('next'),
    node: 'host',
    page: '/',
    // layout, page, a data function it awaits, nested async components (rendered after the page returned), a streamed Suspense child
    places: ['layout', 'page', 'data', 'nested-1', 'nested-2', 'streamed'],
    api: '/api/id',
    modes: [
      {
        name: 'build (Turbopack)',
        build: [['npm', 'run', 'build']],
        serve: ['npm', 'run', 'start'],
        env: { NEXT_DIST_DIR: '.next-turbopack' },
        outputs: ['.next-turbopack'],
      },
      {
        name: 'build --webpack',
        build: [['npm', 'run', 'build:webpack']],
        serve: ['npm', 'run', 'start'],
        env: { NEXT_DIST_DIR: '.next-webpack' },
        outputs: ['.next-webpack'],
      },
      {
        name: 'dev (Turbopack)',
        build: [],
        serve: ['npm', 'run', 'dev'],
        env: { NEXT_DIST_DIR: '.next-dev' },
        outputs: ['.next-dev'],
        warmupMs: DEV_WARMUP,
      },
    ],
  },
  {
    name: 'astro',
    dir: dir('astro'),
    node: 'node24',
    page: '/',
    // the layout, the page's frontmatter and a data function it awaits, a nested async component and its own child
    places: ['layout', 'page', 'data', 'nested-1', 'nested-2'],
    api: '/api/id',
    modes: [
      { name: 'build', build: [['npm', 'run', 'build']], serve: ['npm', 'run', 'start'], outputs: ['dist'] },
      {
        name: 'dev',
        build: [],
        serve: ['npx', 'astro', 'dev', '--host', '127.0.0.1', '--port', '{port}'],
        warmupMs: DEV_WARMUP,
        // A dev server reads its config when it starts: the plugin's negative costs no build here.
        negatives: ['plugin'],
      },
    ],
  },
  {
    name: 'nuxt',
    dir: dir('nuxt'),
    node: 'node24',
    page: '/',
    // the layout, the page's setup, its useAsyncData, a useFetch of its own API (in-process), nested async components
    places: ['layout', 'page', 'data', 'fetched', 'nested-1', 'nested-2'],
    api: '/api/id',
    modes: [
      { name: 'build', build: [['npm', 'run', 'build']], serve: ['npm', 'run', 'start'], outputs: ['.output'] },
      {
        name: 'dev',
        build: [],
        serve: ['npx', 'nuxt', 'dev', '--host', '127.0.0.1', '--port', '{port}'],
        warmupMs: DEV_WARMUP,
        negatives: ['plugin'],
      },
    ],
  },
  {
    name: 'sveltekit',
    dir: dir('sveltekit'),
    node: 'node24',
    page: '/',
    // the layout's load, the page's load, a promise it left pending (streamed), async components awaiting a remote function
    places: ['layout', 'data', 'streamed', 'nested-1', 'nested-2'],
    api: '/api/id',
    modes: [{ name: 'build', build: [['npm', 'run', 'build']], serve: ['npm', 'run', 'start'], outputs: ['build'] }],
  },
  {
    name: 'react-router',
    dir: dir('react-router'),
    node: 'host',
    page: '/',
    // the root route's loader, the page's loader, a promise it left pending (rendered into the stream)
    places: ['layout', 'data', 'streamed'],
    api: '/api/id',
    modes: [{ name: 'build', build: [['npm', 'run', 'build']], serve: ['npm', 'run', 'start'], outputs: ['build'] }],
  },
];
