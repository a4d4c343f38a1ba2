/** The materialised paths of a region and every ancestor, root first: 360000/361100 → [360000, 360000/361100]. */
export function ancestorPaths(path: string): string[] {
  return path.split('/').map((_, i, all) => all.slice(0, i + 1).join('/'));
}
