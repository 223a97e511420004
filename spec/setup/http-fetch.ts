/** The `http-fetch` test project: the same HTTP specs again, the transports sending through the platform `fetch` (the browser path). */
import { setDefaultHttpRequester } from '../../lib/transport/http/default-requester.js';
import { fetchRequester } from '../../lib/transport/http/fetch-requester.js';

setDefaultHttpRequester(fetchRequester(globalThis.fetch.bind(globalThis)));
