import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_SEMI_SPACE_FLAG } from '../../api/src/config/heap.ts';

// V8 reads the young generation's bound only at start, so every way the API is started must pass it:
// what the benchmark measured is what ships (api/src/config/heap.ts).
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the API process is started with its heap settings', () => {
  it('by pnpm start, the image and docker compose', () => {
    const scripts = (JSON.parse(read('api/package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toContain(`node ${API_SEMI_SPACE_FLAG} dist/api/src/server.js`);
    expect(scripts['start:all']).toContain(`node ${API_SEMI_SPACE_FLAG} dist/api/src/launch.js`);
    expect(read('api/Dockerfile')).toContain(`CMD ["node", "${API_SEMI_SPACE_FLAG}", "api/dist/api/src/server.js"]`);
    expect(read('docker-compose.yml')).toContain(`command: ['node', '${API_SEMI_SPACE_FLAG}', 'api/dist/api/src/server.js']`);
  });
});
