/**
 * How a raw HTTP floor sends one request and reads its answer, and the `fetch` one (the `raw`
 * floor). `raw-undici-send.ts` has the `undici.request` one (the `raw-undici` floor).
 */

/** An answer: status, headers, and the body read one way. */
export interface RawHttpAnswer {
  readonly status: number;
  header(name: string): string | undefined;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** The body as decoded text chunks, as they arrive. */
  textChunks(): AsyncIterable<string>;
  /** Lets go of the body. */
  discard(): Promise<void>;
}

/** Sends one request. */
export type RawHttpSend = (url: string, method: string, headers: Record<string, string>, body?: string) => Promise<RawHttpAnswer>;

/** The `fetch` floor: one `fetch` per message. */
export const fetchSend: RawHttpSend = async (url, method, headers, body) => {
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  return {
    status: response.status,
    header: (name) => response.headers.get(name) ?? undefined,
    text: () => response.text(),
    json: () => response.json(),
    textChunks: () => response.body!.pipeThrough(new TextDecoderStream()) as unknown as AsyncIterable<string>,
    discard: async () => {
      await response.body?.cancel();
    },
  };
};
