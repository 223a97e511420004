/** The default test project: the HTTP transports send through undici, as they do in Node (the effect `rxmcp/node` and Node's `rxmcp` have). */
import '../../lib/transport/http/node/use-undici.js';
