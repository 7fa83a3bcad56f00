// Stands in for server-generators.ts in the UMD bundles: browsers run on the
// patch backend, whose install() places the whole await hook.

export function placeServerGenerators(): void {}

export function removeServerGenerators(): void {}
