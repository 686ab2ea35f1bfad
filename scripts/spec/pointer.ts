/** The value at a JSON pointer (`/paths/~1v2~1dlq/get`), or undefined when nothing is there. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let node: any = root;
  for (const raw of pointer.split("/").slice(1)) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = node[part];
  }
  return node;
}
