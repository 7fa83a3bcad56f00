// One build for every runtime: ESM and CommonJS for bundlers and servers, UMD
// (plain and minified) for a <script> tag, declarations for TypeScript users.
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const banner = '/*! taskcontext | MIT License */';

/** Each entry point: its source and the file stem it gets in dist/. */
const entries = [
  { input: 'src/index.ts', stem: 'taskcontext', global: 'TaskContext' },
];

const ts = (declarations) =>
  typescript({
    tsconfig: './tsconfig.json',
    declaration: declarations,
    declarationDir: declarations ? 'dist/types' : undefined,
    sourceMap: true,
    outDir: 'dist',
  });

export default entries.flatMap(({ input, stem, global }, index) => [
  {
    input,
    plugins: [ts(index === 0)],
    output: [
      { file: `dist/${stem}.mjs`, format: 'es', sourcemap: true, banner },
      { file: `dist/${stem}.cjs`, format: 'cjs', sourcemap: true, banner, exports: 'named' },
    ],
  },
  {
    input,
    plugins: [ts(false)],
    output: [
      { file: `dist/${stem}.umd.js`, format: 'umd', name: global, sourcemap: true, banner, exports: 'named' },
      {
        file: `dist/${stem}.umd.min.js`,
        format: 'umd',
        name: global,
        sourcemap: true,
        banner,
        exports: 'named',
        plugins: [terser({ format: { comments: /^!/ } })],
      },
    ],
  },
]);
