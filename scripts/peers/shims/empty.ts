// An import dropped from our run (zone.js, for the zone test file): what the
// manager under test replaces is not loaded beside it.
export {};
