/**
 * The "full code" example of AioContext's introduction, line by line in
 * TypeScript. Run it after a build: `npx tsx examples/seed.ts`.
 * It prints exactly `Request ID: 42`.
 */

// import asyncio
// import aiocontext
import { Context, runTask, wrapTaskFactory } from 'taskcontext';

// context = aiocontext.Context()
const context = new Context();

// async def print_request():
async function printRequest(): Promise<void> {
  //   print("Request ID:", context.get('request_id', 'unknown'))
  console.log('Request ID:', context.get('request_id', 'unknown'));
}

// async def handle_request():
async function handleRequest(): Promise<void> {
  //   context['request_id'] = 42
  context.set('request_id', 42);
  //   await print_request()
  await printRequest();
}

// if __name__ == '__main__':
//   loop = asyncio.get_event_loop()
//   (no loop object: the JavaScript event loop is implicit.)

//   aiocontext.wrap_task_factory(loop)
//   An alias of install(): on Node (AsyncLocalStorage) it only places the scopes
//   of generators built with the await plugin; in a browser it installs the
//   patch layer that carries context.
wrapTaskFactory();

//   context.attach(loop)
//   Contexts start attached; kept so the translation stays line for line.
context.attach();

//   loop.run_until_complete(handle_request())
//   runTask opens a task (a write outside one throws a ContextError, by
//   design) and returns handleRequest's promise; top-level await waits for it.
await runTask(handleRequest);
