/**
 * The host's end of the `ui/*` channel to a sandbox proxy frame (MCP Apps' double iframe): it
 * posts to the proxy's origin only (never `"*"`), and takes a message only when it comes from the
 * proxy frame's window AND the proxy's origin. A JSON-RPC message from any other origin is dropped
 * and counted; the proxy page's "the app navigated away" signal is taken here, not passed on.
 */
import type { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';

/** The transport type `AppBridge.connect` takes (the MCP SDK's `Transport`). */
type BridgeTransport = Parameters<AppBridge['connect']>[0];
type Message = Parameters<BridgeTransport['send']>[0];

/**
 * The notification the rxmcp proxy page (`sandboxProxyPage`) sends its host when the app's frame
 * loaded a second document (the app navigated away); not an MCP Apps method, so never relayed.
 */
export const SANDBOX_NAVIGATED_METHOD = 'rxmcp/sandbox-app-navigated';

/** True for a JSON-RPC 2.0 message object. */
export function isJsonRpcMessage(data: unknown): data is Message {
  return typeof data === 'object' && data !== null && (data as { jsonrpc?: unknown }).jsonrpc === '2.0';
}

/** What {@link ProxyFrameTransport} tells its owner besides the messages. */
export interface ProxyFrameEvents {
  /** A JSON-RPC message from an origin other than the proxy's reached the host window (dropped). */
  foreign(origin: string): void;
  /** The proxy said the app's frame navigated away. */
  navigated(): void;
}

/** A `Transport` for ext-apps' `AppBridge` over `postMessage` to one cross-origin proxy frame. */
export class ProxyFrameTransport implements BridgeTransport {
  /** Set by the bridge: each message from the proxy. */
  onmessage?: BridgeTransport['onmessage'];
  /** Set by the bridge: the transport closed. */
  onclose?: () => void;
  /** Set by the bridge: unused (malformed messages are dropped, never raised). */
  onerror?: (error: Error) => void;
  private listening = false;

  constructor(
    /** The host window (where the proxy's messages arrive). */
    private readonly host: Window,
    /** The proxy frame's window (`iframe.contentWindow`). */
    private readonly proxy: Window,
    /** The proxy's origin (`https://sandbox.example`). */
    private readonly origin: string,
    private readonly events: ProxyFrameEvents,
  ) {}

  private readonly listener = (event: MessageEvent): void => {
    if (!isJsonRpcMessage(event.data)) return;
    if (event.origin !== this.origin) {
      this.events.foreign(event.origin);
      return;
    }
    if (event.source !== this.proxy) return; // another frame of the same proxy origin (another app)
    const message = event.data as Message & { method?: unknown };
    if (message.method === SANDBOX_NAVIGATED_METHOD) this.events.navigated();
    else this.onmessage?.(message);
  };

  /** Starts taking messages. */
  async start(): Promise<void> {
    if (this.listening) return;
    this.listening = true;
    this.host.addEventListener('message', this.listener);
  }

  /** Posts `message` to the proxy, for its origin only. */
  async send(message: Message): Promise<void> {
    this.proxy.postMessage(message, this.origin);
  }

  /** Stops taking messages. Idempotent. */
  async close(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    this.host.removeEventListener('message', this.listener);
    this.onclose?.();
  }
}
