import { describe, expect, it } from "vitest";
import { loadDescription } from "../../../scripts/diff/load-description.ts";
import { MAX_INPUT_BYTES } from "../../../scripts/spec/read-source.ts";
import { SpecError } from "../../../scripts/spec/spec-error.ts";

/** A body that never ends: chunks of 64 KiB for as long as someone reads. */
const endless = () =>
  new Response(new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(64 * 1024).fill(32)) }));

describe("npm run diff reads an address within the input limits", () => {
  it("stops a body that never ends at the size limit, with one line naming the address, its password hidden", async () => {
    let read = 0;
    const fetchImpl = (async () => {
      const response = endless();
      const counted = response.body!.pipeThrough(
        new TransformStream({ transform: (chunk, c) => ((read += chunk.byteLength), c.enqueue(chunk)) }),
      );
      return new Response(counted);
    }) as unknown as typeof fetch;
    const failure = await loadDescription("https://user:secret@example.com/openapi.yaml", fetchImpl).catch((e) => e);
    expect(failure).toBeInstanceOf(SpecError);
    expect(failure.message).toContain("https://[credentials]@example.com/openapi.yaml");
    expect(failure.message).not.toContain("secret");
    expect(read).toBeLessThan(MAX_INPUT_BYTES + 2 * 64 * 1024);
  });

  it("refuses a body that is not UTF-8 with the byte offset", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("openapi: 3.1.0\n"), 0xff]);
    const fetchImpl = (async () => new Response(bytes)) as unknown as typeof fetch;
    const failure = await loadDescription("https://example.com/openapi.yaml", fetchImpl).catch((e) => e);
    expect(failure).toBeInstanceOf(SpecError);
    expect(failure.message).toMatch(/15/);
  });
});
