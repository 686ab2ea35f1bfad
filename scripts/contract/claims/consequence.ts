import type { Finding } from "./outcome.ts";
import type { Scope } from "../scope.ts";

/**
 * What a caller who follows a page causes, phrased from the observed facts. Each function
 * returns one Finding; checks pick the ones their evidence supports.
 */

const TARGET: Record<"ids" | "filter", string> = { ids: "the named ids", filter: "the filtered subset" };

export function actsOnEverything(summary: string, intent: "ids" | "filter" | undefined): Finding {
  return {
    impact: "breaks",
    consequence: `The call carries no ids and no filter that the spec reads, so ${summary} acts on every message${intent ? `, not on ${TARGET[intent]} the page means` : ""}.`,
  };
}

export function bodyNotInSpec(operation: string, status: number): Finding {
  return {
    impact: "breaks",
    consequence: `The spec gives ${operation} no request body: the mock refuses it (${status}) and a server that follows the spec never reads it.`,
  };
}

export function fieldNotInBody(field: string, operation: string): Finding {
  return {
    impact: "breaks",
    consequence: `The spec's body for ${operation} has no \`${field}\`: the value is dropped.`,
  };
}

export function movedTo(name: string, from: string, to: string): Finding {
  return {
    impact: "breaks",
    consequence: `The spec reads \`${name}\` from the ${to}, not the ${from}; sent where the page says, it is ignored.`,
  };
}

export function unknownParameter(name: string, where: string): Finding {
  return { impact: "breaks", consequence: `The spec has no \`${name}\` in the ${where}: the value is ignored.` };
}

export function scalarForList(name: string): Finding {
  return {
    impact: "harmless",
    consequence: `\`${name}\` takes a list: one value still works (a one-element list), but the page hides that several values may be given, and typed callers must pass an array.`,
  };
}

export function typeDiffers(name: string, page: string, spec: string): Finding {
  if (page === spec)
    return {
      impact: "breaks",
      consequence: `\`${name}\` is ${spec} as the page says, yet the page's sample was refused (see the evidence).`,
    };
  return {
    impact: "breaks",
    consequence: `\`${name}\` is ${spec} in the spec, not ${page}: a value of the page's type is refused.`,
  };
}

export function requiredDiffers(
  name: string,
  pageRequired: boolean,
  scope: Scope | undefined,
  summary: string,
): Finding {
  if (pageRequired && scope !== undefined) {
    return {
      impact: "breaks",
      consequence: `The spec makes \`${name}\` optional: leaving it out is no error but an unfiltered ${summary} that acts on every message.`,
    };
  }
  return pageRequired
    ? {
        impact: "misleads",
        consequence: `The spec makes \`${name}\` optional; the page demands a value the API does not need.`,
      }
    : { impact: "breaks", consequence: `The spec requires \`${name}\`; calls without it are refused.` };
}

export function deprecationDiffers(name: string, pageSays: boolean): Finding {
  return pageSays
    ? { impact: "misleads", consequence: `The spec does not mark \`${name}\` deprecated.` }
    : { impact: "misleads", consequence: `The spec marks \`${name}\` deprecated; new code should not rely on it.` };
}

export function limitDiffers(
  name: string,
  bound: "minimum" | "maximum",
  page: number | undefined,
  spec: number | undefined,
): Finding {
  const stricterPage = page !== undefined && (spec === undefined || (bound === "maximum" ? page < spec : page > spec));
  return stricterPage
    ? {
        impact: "harmless",
        consequence: `The page's ${bound} for \`${name}\` (${page}) is stricter than the spec's (${spec ?? "none"}): callers make more calls than needed.`,
      }
    : {
        impact: "breaks",
        consequence: `The spec's ${bound} for \`${name}\` is ${spec}; values the page allows up to ${page ?? "any"} are refused.`,
      };
}

export function defaultDiffers(name: string, page: unknown, spec: unknown): Finding {
  return {
    impact: "misleads",
    consequence: `\`${name}\` defaults to ${JSON.stringify(spec)} in the spec, not ${JSON.stringify(page)}: omitting it behaves differently than the page says.`,
  };
}

export function statusDiffers(page: number, spec: number | string): Finding {
  return {
    impact: "misleads",
    consequence: `A caller that checks for ${page} treats the spec's ${spec} as a failure.`,
  };
}

export function statusNotDeclared(page: number, declared: string[]): Finding {
  return {
    impact: "misleads",
    consequence: `The spec never answers ${page} (it declares ${declared.join(", ")}): code waiting for ${page} never runs.`,
  };
}

export function noSuchRoute(method: string, path: string): Finding {
  return {
    impact: "breaks",
    consequence: `The spec has no ${method} ${path}: the call fails with 404 and does nothing.`,
  };
}

export function bodyNotParsable(status: number): Finding {
  return { impact: "breaks", consequence: `The body is not the JSON its Content-Type announces: refused (${status}).` };
}

export function responseFieldMissing(field: string, status: number): Finding {
  return {
    impact: "breaks",
    consequence: `The spec's ${status} answer has no \`${field}\`: a caller reading it gets undefined.`,
  };
}

export function responseTypeDiffers(field: string, page: string, spec: string): Finding {
  return { impact: "misleads", consequence: `\`${field}\` is ${spec} in the spec, not ${page}.` };
}

export function responseNotEmpty(status: number): Finding {
  return {
    impact: "misleads",
    consequence: `The spec's ${status} answer has a body; code that expects none ignores it.`,
  };
}

export function exampleDoesNotFit(status: number, errors: string): Finding {
  return {
    impact: "misleads",
    consequence: `The sample answer does not fit the spec's ${status} schema (${errors}): code written against it breaks.`,
  };
}

export function serverMissing(url: string): Finding {
  return {
    impact: "breaks",
    consequence: `The spec lists no server ${url}: the typed client cannot be pointed there by region or default.`,
  };
}

export function securityMissing(where: string, name: string): Finding {
  return {
    impact: "breaks",
    consequence: `The spec accepts no token in the ${where} \`${name}\`: such calls get 401.`,
  };
}

export function everythingNote(summary: string): string {
  return `Run as shown, this call carries no ids and no filter: ${summary} acts on every message.`;
}
