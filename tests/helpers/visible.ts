import { inspect } from "node:util";

/**
 * Everything a caller can look at in a value, as one text: the value printed and inspected (hidden
 * properties and getters included), every string inside it, every error's message and stack, and every
 * Response's URL, status text, headers and unread body. A redaction test looks for the token in it.
 */
export async function visible(value: unknown): Promise<string> {
  const parts: string[] = [inspect(value, { depth: 30, showHidden: true, getters: true })];
  const walk = async (at: any, depth: number): Promise<void> => {
    if (at === null || at === undefined || depth > 8) return;
    if (typeof at === "string") return void parts.push(at);
    if (at instanceof Response) {
      parts.push(at.url, at.statusText, JSON.stringify([...at.headers]));
      // A body already read into data/error cannot be read again (clone throws): nothing to see there.
      if (!at.bodyUsed) parts.push(await at.clone().text());
      return;
    }
    if (typeof at !== "object") return;
    if (at instanceof Error) parts.push(String(at), String(at.stack), String(at.message));
    for (const key of Object.getOwnPropertyNames(at)) await walk(at[key], depth + 1);
    if ("response" in at) await walk(at.response, depth + 1);
  };
  await walk(value, 0);
  return parts.join("\n");
}
