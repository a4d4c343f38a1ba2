import { prisma } from '../../db/client.ts';
import { reencryptPersonalData } from './key-rotation.ts';

// pnpm data:reencrypt — after a key rotation, moves every row to the current key (see SECURITY.md).
try {
  const moved = await reencryptPersonalData();
  console.log(`${moved} row(s) re-encrypted with the current key`);
} finally {
  await prisma.$disconnect();
}
