import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

// Prisma's CLI downloads a native schema engine, which cannot happen offline. Its WebAssembly build
// ships in an npm package; Node 20 cannot `import` a .wasm file, so it is instantiated by hand with the
// wasm-bindgen glue as its import object.
let ready = false;

function loadWasm(): void {
  if (ready) return;
  // The package exports only its JS glue; the .wasm file sits beside it.
  const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = join(dirname(gluePath), 'schema_engine_bg.wasm');
  const panicRegistry = { message: '', set_message(m: string) { this.message = `RuntimeError: ${m}`; } };
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), { './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  ready = true;
}

export type OpenEngine = { engine: SchemaEngine; close(): Promise<void> };

/** Opens the engine over a driver adapter; `close` frees it and the connections it opened. */
export async function openSchemaEngine(adapterFactory: SqlMigrationAwareDriverAdapterFactory, schema?: { path: string; content: string }): Promise<OpenEngine> {
  loadWasm();
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
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
  };
  const debug = (message: string) => {
    if (process.env.PRISMA_ENGINE_DEBUG) console.error(message);
  };
  const engine = await (bindings.SchemaEngine as unknown as typeof SchemaEngine).new(
    { datamodels: schema ? [[schema.path, schema.content]] : undefined },
    debug,
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.all(opened.map((a) => a.dispose()));
    },
  };
}
