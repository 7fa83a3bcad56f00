// Stands in for the own sources (`../src`) of OpenTelemetry's
// context-zone-peer-dep package in its test file: our TaskContextManager,
// named as the class it replaces. The run loads taskcontext/auto first (the
// patch layer) and no zone.js: TaskContextManager is what replaces it.
import { TaskContextManager } from 'taskcontext/opentelemetry';

export class ZoneContextManager extends TaskContextManager {}
