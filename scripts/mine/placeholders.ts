/**
 * Pages write values a reader must fill in (`XXX`, `<QSTASH_TOKEN>`, `:urlGroupName`,
 * `<DESTINATION_URL>`). A replayed example needs a concrete value in their place, and no token
 * of any kind may be stored: the token becomes `<token>`, filled in by the judge.
 */

const TOKEN_PARAM = /([?&]qstash_token=)[^&#]*/i;

/** A URL a reader can send, with every placeholder of the path filled in; the ones filled are listed. */
export function fillUrl(url: string): { url: string; placeholders: string[] } {
  const placeholders: string[] = [];
  let filled = url.replace(TOKEN_PARAM, (_, prefix: string) => `${prefix}TOKEN`);
  filled = filled.replace(/<([^<>/]+)>/g, (whole, name: string) => {
    placeholders.push(whole);
    return /(url|endpoint)$/i.test(name) && !/group/i.test(name) ? "https://example.com" : sampleName(name);
  });
  filled = filled.replace(/\/:([A-Za-z_]\w*)/g, (whole, name: string) => {
    placeholders.push(whole.slice(1));
    return `/${name}`;
  });
  filled = filled.replace(/\{([A-Za-z_]\w*)\}/g, (whole, name: string) => {
    placeholders.push(whole);
    return sampleName(name);
  });
  // The token slot is marked last, so that the placeholder pass above never rewrites it.
  return { url: filled.replace(TOKEN_PARAM, (_, prefix: string) => `${prefix}<token>`), placeholders };
}

function sampleName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "value"
  );
}

/** Headers with the token slot emptied: any Authorization value becomes `Bearer <token>`. */
export function maskToken(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      name.toLowerCase() === "authorization" ? maskAuthorization(value) : value,
    ]),
  );
}

function maskAuthorization(value: string): string {
  const scheme = /^(\w+)\s/.exec(value)?.[1] ?? "Bearer";
  return `${scheme} <token>`;
}

/** A URL path or query that carries a token value is never stored as it is. */
export function hasTokenInQuery(url: string): boolean {
  return TOKEN_PARAM.test(url);
}

/** Free text (an orphaned command line) with any Authorization value or qstash_token replaced by `<token>`. */
export function maskTokenText(text: string): string {
  return text
    .replace(/(authorization:\s*\w+\s+)\S+/gi, "$1<token>")
    .replace(TOKEN_PARAM, (_, prefix: string) => `${prefix}<token>`);
}
