import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

// Prisma's CLI downloads a native schema engine, which cannot happen offline. Its WebAssembly build
// ships in an npm package; Node 20 cannot `import` a .wasm file, so it is instantiated by hand with the
// wasm-bindgen glue as its import object (what the package's own entry point does through a bundler).
let ready = false;

function loadWasm(): void {
  if (ready) return;
  // The package exports only its JS glue; the .wasm file sits beside it.
  const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = join(dirname(gluePath), 'schema_engine_bg.wasm');
  // The glue reports a Rust panic's message here before the panic surfaces as a RuntimeError.
  const panicRegistry = {
    message: '',
    set_message(m: string) {
      this.message = `RuntimeError: ${m}`;
    },
  };
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {
    './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  ready = true;
}

/**
 * Runs `use` on an engine over the adapter factory, then frees the engine and closes every connection
 * it opened. An error the adapter threw reaches the engine only as "External error id#N"; it is
 * rethrown as the original.
 */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  loadWasm();
  const opened: { dispose(): Promise<void> }[] = [];
  const bound = bindMigrationAwareSqlAdapterFactory({
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    connect: async () => {
      const adapter = await adapterFactory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await adapterFactory.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  });
  const debug = (message: string) => {
    if (process.env.PRISMA_ENGINE_DEBUG) console.error(message);
  };
  let engine: SchemaEngine | undefined;
  try {
    engine = await (bindings.SchemaEngine as unknown as typeof SchemaEngine).new({ datamodels: undefined }, debug, bound);
    return await use(engine);
  } catch (error) {
    const id = error instanceof Error ? /External error id#(\d+)/.exec(error.message)?.[1] : undefined;
    const original = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id));
    throw original ? original.error : error;
  } finally {
    engine?.free();
    await Promise.all(opened.map((a) => a.dispose()));
  }
}
