import taskcontext from 'taskcontext/webpack';

// examples/frameworks/run.ts (--negative) builds this app once more with TASKCONTEXT_EXAMPLE_WITHOUT=plugin, to see its client check fail.
const withPlugin = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'plugin';

/** @type {import('next').NextConfig} */
export default {
  // One folder per bundler, so that the Turbopack and the webpack build can both be served.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // examples/frameworks/run.ts builds this app twice in `npm test` (Turbopack, webpack): its types are not checked in each build.
  typescript: { ignoreBuildErrors: true },
  // Turbopack (`next build`, `next dev`): the loader, on code that runs in the browser and is not in node_modules.
  turbopack: {
    // This folder, not the repository around it (which has a lock file too).
    root: import.meta.dirname,
    rules: withPlugin
      ? { '*.{js,jsx,ts,tsx}': { condition: { all: ['browser', { not: 'foreign' }] }, loaders: ['taskcontext/loader'] } }
      : {},
  },
  // webpack (`next build --webpack`): the plugin, in the client build only.
  webpack(config, { isServer }) {
    if (withPlugin && !isServer) config.plugins.push(taskcontext());
    return config;
  },
};
