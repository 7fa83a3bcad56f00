// Uncaught errors and unhandled rejections, caught the way each engine
// reports them, so that the runner fails on them as vitest does, also when
// one arrives after the test that caused it has settled.

export interface Unhandled {
  /** 'error' or 'rejection'. */
  kind: 'error' | 'rejection';
  message: string;
}

interface ProcessLike {
  on(event: string, listener: (value: unknown) => void): unknown;
  off(event: string, listener: (value: unknown) => void): unknown;
}

interface EventTargetLike {
  addEventListener(type: string, listener: (event: Event & { error?: unknown; reason?: unknown; message?: string }) => void): void;
  removeEventListener(type: string, listener: (event: Event & { error?: unknown; reason?: unknown; message?: string }) => void): void;
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return String(value);
}

/**
 * Node and Bun report through `process` events (an uncaught error would
 * otherwise end the process); browsers, Deno and workerd through `error` and
 * `unhandledrejection` events on the global scope. Returns the list it fills
 * and a function that stops listening.
 */
export function catchUnhandled(): { seen: Unhandled[]; stop(): void } {
  const seen: Unhandled[] = [];
  const g = globalThis as typeof globalThis & { process?: Partial<ProcessLike> & { versions?: { node?: string } }; Deno?: unknown };
  const proc = g.process;
  const nodeLike = g.Deno === undefined && typeof proc?.on === 'function' && typeof proc.versions?.node === 'string' && typeof (g as { WebSocketPair?: unknown }).WebSocketPair === 'undefined';
  if (nodeLike) {
    const p = proc as ProcessLike;
    const onError = (error: unknown) => void seen.push({ kind: 'error', message: describe(error) });
    const onRejection = (reason: unknown) => void seen.push({ kind: 'rejection', message: describe(reason) });
    p.on('uncaughtException', onError);
    p.on('unhandledRejection', onRejection);
    return {
      seen,
      stop() {
        p.off('uncaughtException', onError);
        p.off('unhandledRejection', onRejection);
      },
    };
  }
  const target = globalThis as unknown as EventTargetLike;
  const onError = (event: Event & { error?: unknown; message?: string }) => {
    event.preventDefault();
    seen.push({ kind: 'error', message: event.error !== undefined ? describe(event.error) : String(event.message) });
  };
  const onRejection = (event: Event & { reason?: unknown }) => {
    event.preventDefault();
    seen.push({ kind: 'rejection', message: describe(event.reason) });
  };
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return {
    seen,
    stop() {
      target.removeEventListener('error', onError);
      target.removeEventListener('unhandledrejection', onRejection);
    },
  };
}
