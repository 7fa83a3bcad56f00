// A TypeDoc plugin (typedoc.json "plugin"): the API reference documents every
// subpath of package.json "exports" but ./package.json, each under its import
// name (`taskcontext`, `taskcontext/vite`…). The entry points are not listed
// in typedoc.json: they come from "exports", so a new subpath gets its page
// (test/node/docs.test.ts fails for one without).
//
// A subpath's page is made from the source its declarations are built from
// (./dist/types/auto.d.ts: src/auto.ts); a bundler plugin entry has none (one
// table makes all six, src/await-transform/entries.ts), so its page is made
// from the declarations the build writes for it, written under .cache/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { Application, Converter, ReflectionKind } from 'typedoc';

const root = fileURLToPath(new URL('..', import.meta.url));
const generated = join(root, '.cache', 'typedoc-entries');
const normal = (path) => path.replace(/\\/g, '/');

/** The `types` file an export resolves to through `import` (a Node condition first, as TypeScript reads it). */
function typesOf(target) {
  if (typeof target !== 'object' || target === null) return undefined;
  if (typeof target.types === 'string') return target.types;
  for (const key of ['node', 'import', 'default']) {
    const found = typesOf(target[key]);
    if (found) return found;
  }
  return undefined;
}

/** Each documented subpath: its import name, and the file its page is made from. */
export async function exportEntries() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { PLUGIN_ENTRIES, entryDeclaration } = await tsImport('../src/await-transform/entries.ts', import.meta.url);
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (subpath === './package.json') continue;
    const name = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    const types = typesOf(target);
    if (!types?.startsWith('./dist/types/')) throw new Error(`package.json exports ${subpath}: no "types" under ./dist/types/ to document`);
    const stem = types.slice('./dist/types/'.length).replace(/\.d\.ts$/, '');
    const source = join(root, 'src', `${stem}.ts`);
    if (existsSync(source)) {
      entries.push({ name, file: source });
    } else if (Object.hasOwn(PLUGIN_ENTRIES, stem)) {
      mkdirSync(generated, { recursive: true });
      const file = join(generated, `${stem}.d.ts`);
      writeFileSync(file, entryDeclaration(stem, `${normal(relative(generated, join(root, 'src')))}/`));
      entries.push({ name, file });
    } else {
      throw new Error(`package.json exports ${subpath}: neither src/${stem}.ts nor a row of src/await-transform/entries.ts`);
    }
  }
  return entries;
}

/** @param {Application} app */
export async function load(app) {
  const entries = await exportEntries();
  const names = new Map(entries.map(({ name, file }) => [normal(file), name]));
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    app.options.setValue('entryPoints', entries.map(({ file }) => file));
    // The generated declarations join the program tsconfig.json makes (they are outside its "include").
    const files = entries.map(({ file }) => file).filter((file) => file.startsWith(generated));
    app.options.setCompilerOptions([...app.options.getFileNames(), ...files], app.options.getCompilerOptions(app.logger), app.options.getProjectReferences());
  });
  // After TypeDoc's own naming (a file's @module tag): the import name wins.
  app.converter.on(
    Converter.EVENT_CREATE_DECLARATION,
    (context, reflection) => {
      if (!reflection.kindOf(ReflectionKind.Module)) return;
      const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
      const name = file && names.get(normal(file));
      if (name) reflection.name = name;
    },
    -100,
  );
}
